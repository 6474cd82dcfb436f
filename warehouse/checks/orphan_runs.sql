-- severity: serious
-- Rows written by a run the runs table does not record.
SELECT 'report_versions' AS in_table, run_id, count(*) AS n_rows FROM report_versions
WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY ALL
UNION ALL
SELECT 'candidate_links', run_id, count(*) FROM candidate_links
WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY ALL
UNION ALL
SELECT 'fetches', run_id, count(*) FROM fetches
WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM runs) GROUP BY ALL
