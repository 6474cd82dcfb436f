-- One report, many copies: every URL or file a report was read from, with one canonical copy
-- (the unit's own portal over another site over a local file) whose text is the report's.
-- Filled for the reports already loaded: each report's latest URL is its canonical copy.

CREATE TABLE report_copies (
    url           VARCHAR PRIMARY KEY,
    report_id     VARCHAR NOT NULL,
    portal_id     VARCHAR,
    source        VARCHAR NOT NULL CHECK (source IN ('crawl', 'file')),
    copy_kind     VARCHAR NOT NULL CHECK (copy_kind IN ('own_portal', 'other_portal', 'file')),
    is_canonical  BOOLEAN NOT NULL,
    similarity    DOUBLE NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    content_sha   VARCHAR NOT NULL CHECK (regexp_full_match(content_sha, '[0-9a-f]{64}')),
    publish_date  DATE,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    CHECK (last_seen >= first_seen)
);

INSERT INTO report_copies
SELECT r.url, r.report_id, r.portal_id, r.source,
       CASE WHEN r.source = 'file' THEN 'file'
            WHEN p.admin_code = r.admin_code AND p.level = r.level THEN 'own_portal'
            ELSE 'other_portal' END,
       true, 1.0, r.content_sha, r.publish_date,
       (SELECT min(v.fetched_at) FROM report_versions v WHERE v.report_id = r.report_id),
       greatest(r.fetched_at, (SELECT min(v.fetched_at) FROM report_versions v WHERE v.report_id = r.report_id)),
       r.run_id
FROM report_versions r
LEFT JOIN portals p ON p.portal_id = r.portal_id
QUALIFY row_number() OVER (PARTITION BY r.report_id ORDER BY r.version DESC) = 1;
