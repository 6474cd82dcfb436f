-- How each report's unit was decided (report_versions.unit_source: title, list_title, body or
-- portal; NULL for rows loaded before, and when no unit was found), and a candidate kind for
-- the reports of bodies below the county level (township_report), which are not loaded.
-- DuckDB adds no constraint with a column, so the closed set of unit_source is the check
-- warehouse/checks/unit_source_known.sql; candidate_links is rebuilt for its new kind.

ALTER TABLE report_versions ADD COLUMN unit_source VARCHAR;

DROP VIEW IF EXISTS candidates;
ALTER TABLE candidate_links RENAME TO candidate_links_v4;
CREATE TABLE candidate_links (
    url           VARCHAR PRIMARY KEY,
    portal_id     VARCHAR NOT NULL,
    title         VARCHAR,
    list_date     DATE,
    kind          VARCHAR NOT NULL CHECK (kind IN ('report', 'interpretation', 'work_plan', 'info_disclosure_report',
                                                   'news', 'township_report', 'other')),
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
INSERT INTO candidate_links SELECT * FROM candidate_links_v4;
DROP TABLE candidate_links_v4;
