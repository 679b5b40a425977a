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
