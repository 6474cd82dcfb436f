-- severity: warning
-- A report on year Y is published from Y (a December report) to two years after; a date
-- outside that is a misread date field or a wrong report year.
SELECT report_id, version, report_year, publish_date, url
FROM report_versions
WHERE report_year IS NOT NULL AND publish_date IS NOT NULL
  AND NOT year(publish_date) BETWEEN report_year AND report_year + 2
