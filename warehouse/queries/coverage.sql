-- Who published a report for one year, when, and how many days before or after the 1 April deadline.
-- param year: report year, e.g. 2023
-- param province: only this province or city, e.g. 浙江省 or 宁波市 [default: NULL]
-- param level: government or department [default: NULL]
SELECT province, city, admin_name, department, report_year, status, publish_date, days_after_deadline,
       title, url
FROM coverage
WHERE report_year = $year
  AND ($province IS NULL OR province LIKE $province || '%' OR city LIKE $province || '%')
  AND ($level IS NULL OR level = $level)
ORDER BY CASE status WHEN 'missing' THEN 0 WHEN 'late' THEN 1 WHEN 'date_unknown' THEN 2 ELSE 3 END,
         days_after_deadline DESC NULLS LAST, province, city, admin_name, department;
