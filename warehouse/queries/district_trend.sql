-- One district's indicators year by year (results only), with the change from its previous report and the sentence.
-- param district: district name or 6-digit code, e.g. 江北区 or 330205
-- param indicator: catalog key or part of its Chinese label, e.g. 出庭应诉率 [default: NULL]
SELECT p.admin_name, p.city, p.department, p.indicator, p.label, p.report_year, p.value, p.unit,
       c.prev_year, c.change, c.change_pct, p.evidence
FROM indicator_panel p
LEFT JOIN indicator_changes c
       ON c.admin_code = p.admin_code AND c.level = p.level AND c.department = p.department
      AND c.indicator = p.indicator AND c.report_year = p.report_year
WHERE (p.admin_name = $district OR p.admin_code = $district)
  AND ($indicator IS NULL OR p.indicator = $indicator OR p.label LIKE '%' || $indicator || '%')
ORDER BY p.department, p.indicator, p.report_year;
