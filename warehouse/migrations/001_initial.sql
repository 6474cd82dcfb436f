-- fazhi warehouse, version 1. Tables are ours; analysts query the views in warehouse/views/.

CREATE TABLE portals (
    portal_id     VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    admin_code    VARCHAR NOT NULL,
    province      VARCHAR,
    city          VARCHAR,
    county        VARCHAR,
    level         VARCHAR NOT NULL DEFAULT 'government',
    cms           VARCHAR,
    start_urls    VARCHAR[],
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    flow          VARCHAR NOT NULL,
    parameters    JSON,
    started_at    TIMESTAMP NOT NULL,
    ended_at      TIMESTAMP,
    status        VARCHAR NOT NULL,           -- running | completed | partial | failed
    counts        JSON,                       -- per-stage counts
    timings       JSON,                       -- per-stage seconds
    failures      JSON                        -- [{portal_id, stage, reason}]
);

-- Every fetch of a URL (HTTP cache validators and the archived body's hash).
CREATE TABLE fetches (
    url           VARCHAR NOT NULL,
    fetched_at    TIMESTAMP NOT NULL,
    final_url     VARCHAR,
    status        INTEGER NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_type  VARCHAR,
    portal_id     VARCHAR,
    run_id        VARCHAR
);

-- Every link discovery looked at, with its kind and the reason for it.
CREATE TABLE candidate_links (
    url           VARCHAR PRIMARY KEY,
    portal_id     VARCHAR NOT NULL,
    title         VARCHAR,
    list_date     DATE,
    kind          VARCHAR NOT NULL CHECK (kind IN ('report','interpretation','work_plan','info_disclosure_report','news','other')),
    reason        VARCHAR NOT NULL,
    report_year   INTEGER,
    source_url    VARCHAR,                    -- the list page it was found on
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

-- One row per version of a report; a changed page becomes a new version.
CREATE TABLE report_versions (
    report_id     VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    content_sha   VARCHAR NOT NULL,           -- SHA-256 of the raw body in the archive
    source        VARCHAR NOT NULL CHECK (source IN ('crawl','file')),
    url           VARCHAR NOT NULL,
    portal_id     VARCHAR,
    admin_code    VARCHAR,
    admin_name    VARCHAR,
    city          VARCHAR,
    province      VARCHAR,
    level         VARCHAR NOT NULL,
    department    VARCHAR,
    report_year   INTEGER,
    title         VARCHAR NOT NULL,
    title_source  VARCHAR NOT NULL,           -- page | derived
    publisher     VARCHAR,
    publish_date  DATE,
    written_date  DATE,
    index_no      VARCHAR,
    doc_no        VARCHAR,
    body_text     VARCHAR NOT NULL,
    fields        JSON,                       -- every metadata field the page gave
    clean_method  VARCHAR,
    traditional_share DOUBLE,
    fetched_at    TIMESTAMP NOT NULL,
    loaded_at     TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE sections (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    depth INTEGER NOT NULL, number VARCHAR, heading VARCHAR NOT NULL, role VARCHAR NOT NULL,
    top_heading VARCHAR, line_no INTEGER, run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq)
);

CREATE TABLE quantities (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR, raw VARCHAR, qualifier VARCHAR,
    kind VARCHAR NOT NULL,                    -- count | rate | share | change | rank | amount
    subject VARCHAR, sentence VARCHAR NOT NULL, section VARCHAR, section_role VARCHAR,
    is_target BOOLEAN NOT NULL, line_no INTEGER, run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq)
);

CREATE TABLE indicator_values (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL,
    indicator VARCHAR NOT NULL, value DOUBLE NOT NULL, unit VARCHAR, qualifier VARCHAR,
    is_target BOOLEAN NOT NULL, is_primary BOOLEAN NOT NULL, section VARCHAR,
    evidence VARCHAR NOT NULL, quantity_seq INTEGER NOT NULL, run_id VARCHAR,
    PRIMARY KEY (report_id, version, quantity_seq)
);

CREATE TABLE citations (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    title VARCHAR NOT NULL, doc_no VARCHAR, sentence VARCHAR, run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq)
);

CREATE TABLE report_items (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, kind VARCHAR NOT NULL, seq INTEGER NOT NULL,
    text VARCHAR NOT NULL, section VARCHAR, run_id VARCHAR,
    PRIMARY KEY (report_id, version, kind, seq)
);
