-- A warehouse that checks itself: every closed set of values and every range is a CHECK, the
-- facts of a report version reference it by foreign key, fetches get a key, portals their
-- department, report versions the URL of the file their text came from, quantities where the
-- number stands in its sentence, runs the results of the data checks (warehouse/checks/).
--
-- DuckDB adds neither CHECKs nor keys to an existing table, so each table is rebuilt: the old
-- one renamed, the new one created and filled from it, the old one dropped, all in the
-- migration's transaction. Nothing is lost: every old row fits the new constraints (the
-- upgrade test loads a warehouse of release 0.1.0). Foreign keys only where DuckDB's writes
-- allow them (a referenced row cannot be deleted or upserted): facts -> report_versions.
-- portal_id, run_id and indicator keys are checked by warehouse/checks/ instead.

DROP VIEW IF EXISTS shortcomings_followup;
DROP VIEW IF EXISTS report_outline;
DROP VIEW IF EXISTS indicator_changes;
DROP VIEW IF EXISTS indicator_panel;
DROP VIEW IF EXISTS coverage;
DROP VIEW IF EXISTS unit_reports;
DROP VIEW IF EXISTS indicator_catalog;
DROP VIEW IF EXISTS candidates;
DROP VIEW IF EXISTS indicators;
DROP VIEW IF EXISTS reports;
DROP VIEW IF EXISTS latest_versions;

ALTER TABLE portals RENAME TO portals_v3;
ALTER TABLE runs RENAME TO runs_v3;
ALTER TABLE fetches RENAME TO fetches_v3;
ALTER TABLE candidate_links RENAME TO candidate_links_v3;
ALTER TABLE report_versions RENAME TO report_versions_v3;
ALTER TABLE sections RENAME TO sections_v3;
ALTER TABLE quantities RENAME TO quantities_v3;
ALTER TABLE indicator_values RENAME TO indicator_values_v3;
ALTER TABLE citations RENAME TO citations_v3;
ALTER TABLE report_items RENAME TO report_items_v3;
ALTER TABLE attachments RENAME TO attachments_v3;

CREATE TABLE portals (
    portal_id     VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    admin_code    VARCHAR NOT NULL CHECK (regexp_full_match(admin_code, '[0-9]{6}')),
    province      VARCHAR,
    city          VARCHAR,
    county        VARCHAR,
    level         VARCHAR NOT NULL DEFAULT 'government' CHECK (level IN ('government', 'department')),
    department    VARCHAR,
    cms           VARCHAR,
    start_urls    VARCHAR[],
    updated_at    TIMESTAMP NOT NULL,
    CHECK ((level = 'department') = (department IS NOT NULL))
);
INSERT INTO portals (portal_id, name, admin_code, province, city, county, level, department, cms, start_urls,
                     updated_at)
SELECT portal_id, name, admin_code, province, city, county, level,
       CASE WHEN level = 'department' THEN name END, cms, start_urls, updated_at
FROM portals_v3;

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    flow          VARCHAR NOT NULL,
    parameters    JSON,
    started_at    TIMESTAMP NOT NULL,
    ended_at      TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('running', 'completed', 'partial', 'failed', 'cancelled')),
    counts        JSON,
    timings       JSON,
    failures      JSON,
    checks        JSON,
    CHECK (ended_at IS NULL OR ended_at >= started_at),
    CHECK ((status = 'running') = (ended_at IS NULL))
);
INSERT INTO runs (run_id, flow, parameters, started_at, ended_at, status, counts, timings, failures)
SELECT run_id, flow, parameters, started_at,
       CASE WHEN status = 'running' THEN NULL ELSE coalesce(ended_at, started_at) END,
       status, counts, timings, failures
FROM runs_v3;

CREATE SEQUENCE fetch_ids START 1;
CREATE TABLE fetches (
    fetch_id      BIGINT PRIMARY KEY DEFAULT nextval('fetch_ids'),
    url           VARCHAR NOT NULL,
    fetched_at    TIMESTAMP NOT NULL,
    final_url     VARCHAR,
    status        INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599),
    sha256        VARCHAR NOT NULL CHECK (regexp_full_match(sha256, '[0-9a-f]{64}')),
    size          BIGINT CHECK (size >= 0),
    etag          VARCHAR,
    last_modified VARCHAR,
    content_type  VARCHAR,
    portal_id     VARCHAR,
    run_id        VARCHAR
);
INSERT INTO fetches (url, fetched_at, final_url, status, sha256, size, etag, last_modified, content_type,
                     portal_id, run_id)
SELECT url, fetched_at, final_url, status, sha256, size, etag, last_modified, content_type, portal_id, run_id
FROM fetches_v3 ORDER BY fetched_at, url;

CREATE TABLE candidate_links (
    url           VARCHAR PRIMARY KEY,
    portal_id     VARCHAR NOT NULL,
    title         VARCHAR,
    list_date     DATE,
    kind          VARCHAR NOT NULL CHECK (kind IN ('report', 'interpretation', 'work_plan',
                                                   'info_disclosure_report', 'news', 'other')),
    reason        VARCHAR NOT NULL,
    report_year   INTEGER CHECK (report_year BETWEEN 1990 AND 2100),
    source_url    VARCHAR,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    level         VARCHAR CHECK (level IN ('government', 'department')),
    department    VARCHAR,
    CHECK (last_seen >= first_seen)
);
INSERT INTO candidate_links (url, portal_id, title, list_date, kind, reason, report_year, source_url, first_seen,
                             last_seen, run_id, level, department)
SELECT url, portal_id, title, list_date, kind, reason, report_year, source_url, first_seen, last_seen, run_id,
       level, department
FROM candidate_links_v3;

CREATE TABLE report_versions (
    report_id     VARCHAR NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    content_sha   VARCHAR NOT NULL CHECK (regexp_full_match(content_sha, '[0-9a-f]{64}')),
    source        VARCHAR NOT NULL CHECK (source IN ('crawl', 'file')),
    url           VARCHAR NOT NULL,
    portal_id     VARCHAR,
    admin_code    VARCHAR CHECK (regexp_full_match(admin_code, '[0-9]{6}')),
    admin_name    VARCHAR,
    city          VARCHAR,
    province      VARCHAR,
    level         VARCHAR NOT NULL CHECK (level IN ('government', 'department')),
    department    VARCHAR,
    report_year   INTEGER CHECK (report_year BETWEEN 1990 AND 2100),
    title         VARCHAR NOT NULL,
    title_source  VARCHAR NOT NULL CHECK (title_source IN ('page', 'derived')),
    publisher     VARCHAR,
    publish_date  DATE,
    written_date  DATE,
    index_no      VARCHAR,
    doc_no        VARCHAR,
    body_text     VARCHAR NOT NULL,
    fields        JSON,
    clean_method  VARCHAR,
    attachment_url VARCHAR,
    traditional_share DOUBLE CHECK (traditional_share BETWEEN 0 AND 1),
    fetched_at    TIMESTAMP NOT NULL,
    loaded_at     TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    PRIMARY KEY (report_id, version),
    CHECK ((clean_method LIKE 'attachment:%') = (attachment_url IS NOT NULL))
);
INSERT INTO report_versions (report_id, version, content_sha, source, url, portal_id, admin_code, admin_name, city,
                             province, level, department, report_year, title, title_source, publisher,
                             publish_date, written_date, index_no, doc_no, body_text, fields, clean_method,
                             attachment_url, traditional_share, fetched_at, loaded_at, run_id)
SELECT report_id, version, content_sha, source, url, portal_id, admin_code, admin_name, city, province, level,
       department, report_year, title, title_source, publisher, publish_date, written_date, index_no, doc_no,
       body_text, fields, clean_method, fields->>'attachment_url',
       traditional_share, fetched_at, loaded_at, run_id
FROM report_versions_v3;

CREATE TABLE sections (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3), number VARCHAR, heading VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('achievements', 'shortcomings', 'duty', 'plan', 'other')),
    top_heading VARCHAR, line_no INTEGER CHECK (line_no >= 0), run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq),
    FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version)
);
INSERT INTO sections SELECT * FROM sections_v3;

CREATE TABLE quantities (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR, raw VARCHAR NOT NULL, qualifier VARCHAR,
    kind VARCHAR NOT NULL CHECK (kind IN ('count', 'rate', 'share', 'change', 'rank', 'amount')),
    subject VARCHAR, sentence VARCHAR NOT NULL, raw_offset INTEGER CHECK (raw_offset >= 0), section VARCHAR,
    section_role VARCHAR CHECK (section_role IN ('achievements', 'shortcomings', 'duty', 'plan', 'other')),
    is_target BOOLEAN NOT NULL, line_no INTEGER CHECK (line_no >= 0), run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq),
    FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version)
);
INSERT INTO quantities (report_id, version, seq, value, unit, raw, qualifier, kind, subject, sentence, raw_offset,
                        section, section_role, is_target, line_no, run_id)
SELECT report_id, version, seq, value, unit, raw, qualifier, kind, subject, sentence,
       nullif(strpos(sentence, raw), 0) - 1, section, section_role, is_target, line_no, run_id
FROM quantities_v3;

CREATE TABLE indicator_values (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL,
    indicator VARCHAR NOT NULL, value DOUBLE NOT NULL, unit VARCHAR, qualifier VARCHAR,
    is_target BOOLEAN NOT NULL, is_primary BOOLEAN NOT NULL, section VARCHAR,
    evidence VARCHAR NOT NULL, quantity_seq INTEGER NOT NULL, run_id VARCHAR,
    PRIMARY KEY (report_id, version, quantity_seq),
    FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version),
    CHECK (value >= 0),
    CHECK (NOT suffix(indicator, '_rate') OR value <= 100)
);
INSERT INTO indicator_values SELECT * FROM indicator_values_v3;

CREATE TABLE citations (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,
    title VARCHAR NOT NULL, doc_no VARCHAR, sentence VARCHAR, run_id VARCHAR,
    PRIMARY KEY (report_id, version, seq),
    FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version)
);
INSERT INTO citations SELECT * FROM citations_v3;

CREATE TABLE report_items (
    report_id VARCHAR NOT NULL, version INTEGER NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('shortcoming', 'plan')), seq INTEGER NOT NULL CHECK (seq >= 0),
    text VARCHAR NOT NULL, section VARCHAR, run_id VARCHAR,
    PRIMARY KEY (report_id, version, kind, seq),
    FOREIGN KEY (report_id, version) REFERENCES report_versions (report_id, version)
);
INSERT INTO report_items SELECT * FROM report_items_v3;

CREATE TABLE attachments (
    url          VARCHAR NOT NULL,
    page_url     VARCHAR NOT NULL,
    portal_id    VARCHAR,
    name         VARCHAR,
    file_type    VARCHAR NOT NULL CHECK (file_type IN ('pdf', 'docx', 'doc', 'wps')),
    status       VARCHAR NOT NULL CHECK (status IN ('used', 'read', 'unreadable', 'failed')),
    reason       VARCHAR,
    sha256       VARCHAR,
    seen_at      TIMESTAMP NOT NULL,
    run_id       VARCHAR,
    PRIMARY KEY (url, page_url),
    CHECK (status IN ('used', 'read') OR reason IS NOT NULL)
);
INSERT INTO attachments SELECT * FROM attachments_v3;

-- The catalog of indicator keys, written from fazhi/core/indicators.py on every connect.
CREATE TABLE indicator_catalog (
    indicator   VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    usual_unit  VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('count', 'rate'))
);

DROP TABLE attachments_v3;
DROP TABLE report_items_v3;
DROP TABLE citations_v3;
DROP TABLE indicator_values_v3;
DROP TABLE quantities_v3;
DROP TABLE sections_v3;
DROP TABLE report_versions_v3;
DROP TABLE candidate_links_v3;
DROP TABLE fetches_v3;
DROP TABLE runs_v3;
DROP TABLE portals_v3;
