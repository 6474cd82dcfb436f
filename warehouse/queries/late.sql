-- Late and missing publishers for one year: published on or after 1 April, no report found, or no date given.
-- param year: report year, e.g. 2023
-- param province: only this province or city [default: NULL]
SELECT province, city, admin_name, department, report_year, status, publish_date, days_after_deadline, url
FROM coverage
WHERE report_year = $year AND status IN ('late', 'missing', 'date_unknown')
  AND ($province IS NULL OR province LIKE $province || '%' OR city LIKE $province || '%')
ORDER BY CASE status WHEN 'late' THEN 0 WHEN 'date_unknown' THEN 1 ELSE 2 END,
         days_after_deadline DESC NULLS LAST, province, city, admin_name;
