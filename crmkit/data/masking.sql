-- How personal data is masked for students (one definition, used by the build and by imports).
-- mask_phone('13812345678')        -> '138****5678'
-- mask_email('zhangwei@qq.com')    -> 'z***@qq.com'
-- mask_address('广东省深圳市', ...) -> '广东省深圳市****'  (province and city stay, the street goes)
CREATE OR REPLACE TEMP MACRO mask_phone(p) AS
    CASE WHEN p IS NULL THEN NULL
         WHEN length(p) >= 7 THEN left(p, 3) || '****' || right(p, 4)
         ELSE '****' END;
CREATE OR REPLACE TEMP MACRO mask_email(e) AS
    CASE WHEN e IS NULL THEN NULL
         WHEN position('@' IN e) > 1 THEN left(e, 1) || '***@' || split_part(e, '@', 2)
         ELSE '***' END;
CREATE OR REPLACE TEMP MACRO mask_address(head, full_address) AS
    CASE WHEN full_address IS NULL THEN NULL ELSE coalesce(head, '') || '****' END;
-- A match key for finding the same phone number in masked data (duplicates, imports), without
-- showing the number: the first 16 hex digits of SHA-256 over the normalised 11 digits.
-- It is pseudonymous, not anonymous: someone who tries every mobile number could recover a
-- phone from its key, which is one reason the course's phone numbers are fictional.
CREATE OR REPLACE TEMP MACRO phone_key(p) AS
    CASE WHEN p IS NULL THEN NULL ELSE left(sha256('crmkit-phone:' || p), 16) END;
