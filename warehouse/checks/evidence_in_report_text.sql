-- severity: serious
-- Every indicator's evidence sentence stands in its report version's text: a number a reader
-- cannot find in the report is no provenance.
SELECT i.report_id, i.version, i.indicator, i.value, left(i.evidence, 60) AS evidence
FROM indicator_values i
JOIN report_versions r USING (report_id, version)
WHERE strpos(r.body_text, i.evidence) = 0
