-- severity: serious
-- How a report's unit was decided is one of the known ways (fazhi/core/records.py UNIT_SOURCES).
SELECT report_id, version, unit_source
FROM report_versions
WHERE unit_source IS NOT NULL AND unit_source NOT IN ('title', 'list_title', 'body', 'signature', 'publisher', 'citation', 'portal')
