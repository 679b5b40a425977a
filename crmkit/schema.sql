-- crmkit schema: the one definition of every table.
--
-- Section "course" is the star schema every shop's course database has (Company A's mall and
-- the three case shops). It is built by `crmkit data build` and opened read-only.
-- Section "private" is the teacher-only file with unmasked contact fields (mode 0600).
-- Section "scratch" is each user's writable database: follow-up tasks, manual tags and imports.
-- Money is DECIMAL(12,2) in CNY; times are local shop time (TIMESTAMP without zone).
-- Display names come in name_zh / name_en pairs; codes are ASCII.

-- @section course
CREATE TABLE shop_info (
    key             VARCHAR PRIMARY KEY,
    value           VARCHAR NOT NULL
);

CREATE TABLE provinces (
    province_code   VARCHAR PRIMARY KEY,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE cities (
    city_id         INTEGER PRIMARY KEY,
    province_code   VARCHAR NOT NULL REFERENCES provinces (province_code),
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE channels (
    channel_id      INTEGER PRIMARY KEY,
    code            VARCHAR NOT NULL UNIQUE,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('own', 'platform', 'social', 'distributor', 'offline')),
    opened_at       DATE NOT NULL,
    closed_at       DATE                                  -- NULL while the channel is open
);

CREATE TABLE suppliers (
    supplier_id     INTEGER PRIMARY KEY,
    code            VARCHAR NOT NULL UNIQUE,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    province_code   VARCHAR NOT NULL REFERENCES provinces (province_code)
);

CREATE TABLE categories (
    category_id     INTEGER PRIMARY KEY,
    code            VARCHAR NOT NULL UNIQUE,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE products (
    product_id      INTEGER PRIMARY KEY,
    sku             VARCHAR NOT NULL UNIQUE,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    category_id     INTEGER NOT NULL REFERENCES categories (category_id),
    supplier_id     INTEGER NOT NULL REFERENCES suppliers (supplier_id),
    price           DECIMAL(12, 2) NOT NULL CHECK (price > 0),
    cost            DECIMAL(12, 2) NOT NULL CHECK (cost > 0),
    launched_at     DATE NOT NULL
);

CREATE TABLE sources (
    source_id       INTEGER PRIMARY KEY,
    code            VARCHAR NOT NULL UNIQUE,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE customers (
    customer_id     INTEGER PRIMARY KEY,
    customer_code   VARCHAR NOT NULL UNIQUE,              -- 编码: channel code + year + sequence
    name            VARCHAR NOT NULL,
    gender          VARCHAR CHECK (gender IN ('F', 'M')),   -- NULL when unknown (imported customers)
    birthday        DATE,                                 -- NULL when unknown
    phone           VARCHAR,                              -- masked (138****5678) in the course file; NULL when unknown
    email           VARCHAR,                              -- masked (z***@qq.com); NULL when unknown
    province_code   VARCHAR NOT NULL REFERENCES provinces (province_code),
    city_id         INTEGER NOT NULL REFERENCES cities (city_id),
    address         VARCHAR,                              -- street part masked (广东省深圳市****); NULL when unknown
    source_id       INTEGER NOT NULL REFERENCES sources (source_id),
    channel_id      INTEGER NOT NULL REFERENCES channels (channel_id),   -- where they registered
    registered_at   TIMESTAMP NOT NULL,
    contact_updated_at TIMESTAMP NOT NULL                 -- when phone and address were last confirmed
);

CREATE TABLE campaigns (
    campaign_id     INTEGER PRIMARY KEY,
    code            VARCHAR NOT NULL UNIQUE,
    kind            VARCHAR NOT NULL CHECK (kind IN ('promotion', 'birthday', 'holiday')),
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    discount_rate   DOUBLE NOT NULL CHECK (discount_rate >= 0 AND discount_rate < 1),
    CHECK (starts_on <= ends_on)
);

CREATE TABLE orders (
    order_id        BIGINT PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (customer_id),
    channel_id      INTEGER NOT NULL REFERENCES channels (channel_id),
    campaign_id     INTEGER REFERENCES campaigns (campaign_id),
    status          VARCHAR NOT NULL CHECK (status IN ('closed', 'paid', 'shipped', 'completed')),
    ordered_at      TIMESTAMP NOT NULL,
    paid_at         TIMESTAMP,                            -- NULL for closed (never paid) orders
    shipped_at      TIMESTAMP,
    delivered_at    TIMESTAMP,
    items_amount    DECIMAL(12, 2) NOT NULL,              -- sum of order_items.amount
    discount        DECIMAL(12, 2) NOT NULL CHECK (discount >= 0),
    total           DECIMAL(12, 2) NOT NULL,              -- items_amount - discount
    CHECK (paid_at IS NULL OR ordered_at <= paid_at),
    CHECK (shipped_at IS NULL OR paid_at <= shipped_at),
    CHECK (delivered_at IS NULL OR shipped_at <= delivered_at),
    CHECK (total = items_amount - discount)
);

CREATE TABLE order_items (
    order_id        BIGINT NOT NULL REFERENCES orders (order_id),
    line_no         SMALLINT NOT NULL,
    product_id      INTEGER NOT NULL REFERENCES products (product_id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_price      DECIMAL(12, 2) NOT NULL,
    amount          DECIMAL(12, 2) NOT NULL,              -- quantity * unit_price
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE return_reasons (
    reason_code     VARCHAR PRIMARY KEY,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE returns (
    return_id       BIGINT PRIMARY KEY,
    order_id        BIGINT NOT NULL REFERENCES orders (order_id),
    product_id      INTEGER NOT NULL REFERENCES products (product_id),
    kind            VARCHAR NOT NULL CHECK (kind IN ('return', 'exchange')),   -- 退货 / 换货
    reason_code     VARCHAR NOT NULL REFERENCES return_reasons (reason_code),
    requested_at    TIMESTAMP NOT NULL,
    refund          DECIMAL(12, 2) NOT NULL               -- 0 for exchanges
);

CREATE TABLE reviews (
    review_id       BIGINT PRIMARY KEY,
    order_id        BIGINT NOT NULL REFERENCES orders (order_id),
    customer_id     INTEGER NOT NULL REFERENCES customers (customer_id),
    product_id      INTEGER NOT NULL REFERENCES products (product_id),
    rating          TINYINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE surveys (
    survey_id       BIGINT PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (customer_id),
    order_id        BIGINT REFERENCES orders (order_id),
    channel         VARCHAR NOT NULL CHECK (channel IN ('sms', 'wechat', 'phone', 'email')),
    answered_at     TIMESTAMP NOT NULL,
    expectation     TINYINT NOT NULL CHECK (expectation BETWEEN 1 AND 10),       -- 期望值
    perceived_value TINYINT NOT NULL CHECK (perceived_value BETWEEN 1 AND 10),   -- 感知价值
    nps             TINYINT NOT NULL CHECK (nps BETWEEN 0 AND 10),               -- likelihood to recommend
    att_trust       TINYINT NOT NULL CHECK (att_trust BETWEEN 1 AND 5),          -- attitude items, Likert 1-5
    att_preference  TINYINT NOT NULL CHECK (att_preference BETWEEN 1 AND 5),
    att_recommend   TINYINT NOT NULL CHECK (att_recommend BETWEEN 1 AND 5)
);

CREATE TABLE interaction_kinds (
    kind            VARCHAR PRIMARY KEY,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    direction       VARCHAR NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    era             VARCHAR NOT NULL CHECK (era IN ('traditional', 'modern'))
);

CREATE TABLE interaction_topics (
    topic           VARCHAR PRIMARY KEY,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL
);

CREATE TABLE interactions (
    interaction_id  BIGINT PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (customer_id),
    order_id        BIGINT REFERENCES orders (order_id),
    kind            VARCHAR NOT NULL REFERENCES interaction_kinds (kind),
    topic           VARCHAR NOT NULL REFERENCES interaction_topics (topic),
    stage           VARCHAR NOT NULL CHECK (stage IN ('pre_sale', 'in_sale', 'after_sale', 'care')),
    status          VARCHAR NOT NULL CHECK (status IN ('answered', 'unanswered', 'sent', 'bounced')),
    started_at      TIMESTAMP NOT NULL,
    response_seconds INTEGER,                             -- NULL when nobody answered
    handle_minutes  DOUBLE,
    resolved        BOOLEAN NOT NULL
);

CREATE TABLE tags (
    tag_id          INTEGER PRIMARY KEY,
    target          VARCHAR NOT NULL CHECK (target IN ('customer', 'product', 'campaign')),
    code            VARCHAR NOT NULL,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    UNIQUE (target, code)
);

CREATE TABLE customer_tags (
    customer_id     INTEGER NOT NULL REFERENCES customers (customer_id),
    tag_id          INTEGER NOT NULL REFERENCES tags (tag_id),
    PRIMARY KEY (customer_id, tag_id)
);

CREATE TABLE product_tags (
    product_id      INTEGER NOT NULL REFERENCES products (product_id),
    tag_id          INTEGER NOT NULL REFERENCES tags (tag_id),
    PRIMARY KEY (product_id, tag_id)
);

CREATE TABLE campaign_tags (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (campaign_id),
    tag_id          INTEGER NOT NULL REFERENCES tags (tag_id),
    PRIMARY KEY (campaign_id, tag_id)
);

-- Derived when the shop is built (crmkit/data/daily_sales.sql): paid sales per day and product,
-- and per day and category. order_count counts each order once per product (per category), so
-- summing days gives the distinct orders of any date range. Product analyses read these instead
-- of joining ten million orders with their items.
CREATE TABLE product_daily_sales (
    day             DATE NOT NULL,
    product_id      INTEGER NOT NULL,
    order_count     INTEGER NOT NULL,                     -- paid orders containing the product
    quantity        BIGINT NOT NULL,
    revenue         DECIMAL(18, 2) NOT NULL,              -- item amounts, before order discounts
    PRIMARY KEY (day, product_id)
);

CREATE TABLE category_daily_sales (
    day             DATE NOT NULL,
    category_id     INTEGER NOT NULL,
    order_count     INTEGER NOT NULL,                     -- paid orders containing the category (once each)
    quantity        BIGINT NOT NULL,
    revenue         DECIMAL(18, 2) NOT NULL,
    PRIMARY KEY (day, category_id)
);

-- Derived when the shop is built (crmkit/data/survey_days.sql): survey answers per day and
-- survey channel, as counts and sums, so averages and NPS over any date range are sums of days.
CREATE TABLE survey_days (
    day                  DATE NOT NULL,
    channel              VARCHAR NOT NULL,
    responses            INTEGER NOT NULL,
    expectation_sum      BIGINT NOT NULL,
    perceived_value_sum  BIGINT NOT NULL,
    promoters            INTEGER NOT NULL,                -- nps 9-10
    detractors           INTEGER NOT NULL,                -- nps 0-6
    PRIMARY KEY (day, channel)
);

-- Derived when the shop is built (crmkit/data/customer_months.sql): paid orders and revenue per
-- customer and month, one row per month in which the customer paid (new vs returning customers
-- by month read it instead of grouping the orders).
CREATE TABLE customer_months (
    customer_id     INTEGER NOT NULL,
    month           DATE NOT NULL,                        -- the first day of the month
    paid_orders     INTEGER NOT NULL,
    revenue         DECIMAL(18, 2) NOT NULL,
    PRIMARY KEY (customer_id, month)
);

-- Match keys (crmkit/data/masking.sql phone_key): the same phone number has the same key, so
-- duplicates and imported customers can be matched on the phone while it stays masked.
CREATE TABLE customer_keys (
    customer_id     INTEGER PRIMARY KEY,
    phone_key       VARCHAR NOT NULL
);

CREATE TABLE staging_keys (
    raw_id          BIGINT PRIMARY KEY,
    phone_key       VARCHAR                               -- NULL when the record has no phone
);

-- Derived when the shop is built (crmkit/data/customer_stats.sql): one row per customer with what
-- they bought, counting paid orders only (status <> 'closed'). The customer analyses read it
-- instead of grouping ten million orders every time.
CREATE TABLE customer_stats (
    customer_id     INTEGER PRIMARY KEY,
    name            VARCHAR NOT NULL,                     -- copied from customers, for long lists without a join
    paid_orders     INTEGER NOT NULL,                     -- 0 for customers who never paid
    paid_spend      DECIMAL(18, 2) NOT NULL,              -- sum of the paid orders' totals
    first_paid_at   TIMESTAMP,                            -- ordered_at of the first paid order
    last_paid_at    TIMESTAMP,                            -- ordered_at of the newest paid order
    first_paid_order_id BIGINT                            -- the first paid order (ties: lowest id)
);

-- Derived when the shop is built (crmkit/data/buyer_ranking.sql), after customer_stats: every
-- buyer ranked by paid spend, biggest first, with the running total up to their rank. The Pareto
-- analysis (customers.revenue_share) reads it instead of sorting a million buyers every time.
CREATE TABLE buyer_ranking (
    rank            BIGINT PRIMARY KEY,                   -- 1 = biggest spender; equal spend by customer_id
    customer_id     INTEGER NOT NULL,
    name            VARCHAR NOT NULL,
    revenue         DECIMAL(18, 2) NOT NULL,              -- paid_spend
    running_revenue DECIMAL(38, 2) NOT NULL               -- revenue of ranks 1 .. rank
);

-- Raw staging layer: customer records as each channel reported them, before screening (筛选).
-- It holds duplicates across channels with conflicting phones or addresses and stale phones.
CREATE TABLE staging_customers (
    raw_id          BIGINT PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels (channel_id),
    channel_ref     VARCHAR NOT NULL,                     -- the id the channel uses for the person
    name            VARCHAR NOT NULL,
    gender          VARCHAR,
    birthday        DATE,
    phone           VARCHAR,                              -- masked in the course file
    province        VARCHAR,                              -- as typed by the channel (free text)
    city            VARCHAR,
    address         VARCHAR,                              -- masked in the course file
    recorded_at     TIMESTAMP NOT NULL
);

-- @section private
CREATE TABLE customer_contacts (
    customer_id     INTEGER PRIMARY KEY,
    phone           VARCHAR NOT NULL,
    email           VARCHAR,
    address         VARCHAR NOT NULL
);

CREATE TABLE staging_contacts (
    raw_id          BIGINT PRIMARY KEY,
    phone           VARCHAR,
    address         VARCHAR
);

-- The answer key of the staging layer: which master customer each raw record belongs to.
CREATE TABLE staging_truth (
    raw_id          BIGINT PRIMARY KEY,
    customer_id     INTEGER NOT NULL,
    problem         VARCHAR NOT NULL CHECK (problem IN ('none', 'duplicate', 'stale_phone'))
);

-- @section scratch
CREATE SEQUENCE IF NOT EXISTS task_id_seq START 1;

CREATE TABLE IF NOT EXISTS tasks (
    task_id         INTEGER PRIMARY KEY DEFAULT nextval('task_id_seq'),
    customer_id     INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,
    due_at          TIMESTAMP NOT NULL,
    content         VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    done_at         TIMESTAMP
);

CREATE TABLE IF NOT EXISTS manual_tags (
    target          VARCHAR NOT NULL CHECK (target IN ('customer', 'product', 'campaign')),
    object_id       BIGINT NOT NULL,
    tag             VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    PRIMARY KEY (target, object_id, tag)
);

-- Imports (crmkit data import): every run, the rows accepted and the rows rejected with the reason.
CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

CREATE TABLE IF NOT EXISTS imports (
    import_id       INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    file            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,                     -- customers or orders
    imported_at     TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    rows_read       INTEGER NOT NULL,                     -- = accepted + rejected
    accepted        INTEGER NOT NULL,
    rejected        INTEGER NOT NULL,
    added           INTEGER NOT NULL,                     -- accepted rows that were new
    updated         INTEGER NOT NULL                      -- accepted rows that changed a row imported before
);

-- Customers a user imported: masked on the way in; the phone's match key is the natural key.
-- Ids start at 900,000,001 so they never meet a course customer's id; codes start with IM.
CREATE TABLE IF NOT EXISTS imported_customers (
    customer_id     INTEGER PRIMARY KEY,
    customer_code   VARCHAR NOT NULL UNIQUE,              -- IM + channel (2 digits) + year + sequence (7 digits)
    phone_key       VARCHAR NOT NULL UNIQUE,
    customer_ref    VARCHAR,                              -- the id the file used, if any
    name            VARCHAR NOT NULL,
    gender          VARCHAR,
    birthday        DATE,
    phone           VARCHAR NOT NULL,                     -- masked
    email           VARCHAR,                              -- masked
    province_code   VARCHAR,
    city_id         INTEGER,
    city            VARCHAR,
    address         VARCHAR,                              -- masked
    source_id       INTEGER,
    channel_id      INTEGER,
    registered_at   TIMESTAMP NOT NULL,
    contact_updated_at TIMESTAMP NOT NULL,
    import_id       INTEGER NOT NULL,
    source_row      BIGINT NOT NULL
);

-- Orders a user imported; the file's order number is the natural key. Ids start at 9,000,000,000,001.
CREATE TABLE IF NOT EXISTS imported_orders (
    order_id        BIGINT PRIMARY KEY,
    order_ref       VARCHAR NOT NULL UNIQUE,
    customer_id     INTEGER NOT NULL,
    channel_id      INTEGER,
    status          VARCHAR NOT NULL,
    ordered_at      TIMESTAMP NOT NULL,
    total           DECIMAL(12, 2) NOT NULL,
    quantity        INTEGER,
    import_id       INTEGER NOT NULL,
    source_row      BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS import_rejects (
    import_id       INTEGER NOT NULL,
    file            VARCHAR NOT NULL,
    row_number      BIGINT NOT NULL,                      -- as the user sees it in Excel (header = row 1)
    column_name     VARCHAR NOT NULL,                     -- the header as written in the file; '' for the whole row
    value           VARCHAR,
    reason          VARCHAR NOT NULL,                     -- a reason code; its text comes in the chosen language
    detail          VARCHAR
);


-- Merged duplicates (customers.merge): the dropped customer's rows count as the kept customer's.
CREATE TABLE IF NOT EXISTS merges (
    drop_id         INTEGER PRIMARY KEY,                  -- a customer merged away (it disappears from the views)
    keep_id         INTEGER NOT NULL,                     -- the customer who keeps the orders, reviews, contacts...
    merged_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    note            VARCHAR
);

-- Teacher connections: every read of unmasked personal data (who, when, what).
CREATE TABLE IF NOT EXISTS access_log (
    logged_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    user_name       VARCHAR NOT NULL,
    shop            VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,                     -- connect, a query's name, an export
    detail          VARCHAR,                              -- its parameters
    rows_returned   BIGINT
);
