-- severity: serious
-- Every report has exactly one canonical copy, and every copy names a report the warehouse
-- holds; a report merged into another (report_merges) has none, its copies are the other's.
SELECT r.report_id, count(c.url) FILTER (WHERE c.is_canonical) AS canonical_copies
FROM (SELECT DISTINCT report_id FROM report_versions
      WHERE report_id NOT IN (SELECT report_id FROM report_merges)) r
LEFT JOIN report_copies c USING (report_id)
GROUP BY r.report_id
HAVING count(c.url) FILTER (WHERE c.is_canonical) <> 1
UNION ALL
SELECT c.report_id, NULL FROM report_copies c
WHERE c.report_id NOT IN (SELECT report_id FROM report_versions)
   OR c.report_id IN (SELECT report_id FROM report_merges)
