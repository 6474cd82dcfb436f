-- Public views: the contract analysts and our checks query. Recreated on every connect.

-- A report merged into another (report_merges) is left out: its copies are the other's.
-- Joined to each report's highest version rather than ranked by a window: a window holds
-- every row (body text too) in memory at once, the join streams them past a small table.
CREATE OR REPLACE VIEW latest_versions AS
SELECT v.* FROM report_versions v
JOIN (SELECT report_id, max(version) AS version FROM report_versions GROUP BY report_id) latest
  ON latest.report_id = v.report_id AND latest.version = v.version
WHERE v.report_id NOT IN (SELECT report_id FROM report_merges);

-- One row per report, its latest version.
CREATE OR REPLACE VIEW reports AS
SELECT report_id, portal_id, admin_code, admin_name, city, province, level,
       report_year, title, publisher, publish_date, url, body_text, fetched_at
FROM latest_versions;

-- Catalog indicators of each report's latest version; per key and target flag the primary
-- value (README: "Which value the indicators view shows"). from_ocr: the report's text was
-- read by OCR, so an analyst can filter such figures.
CREATE OR REPLACE VIEW indicators AS
SELECT i.report_id, i.indicator, i.value, i.unit, i.qualifier, i.is_target, i.section, i.evidence,
       coalesce(l.text_source = 'ocr', false) AS from_ocr
FROM indicator_values i
JOIN latest_versions l ON l.report_id = i.report_id AND l.version = i.version
WHERE i.is_primary;

-- Every link discovery looked at.
CREATE OR REPLACE VIEW candidates AS
SELECT url, portal_id, title, kind, reason, first_seen FROM candidate_links;
