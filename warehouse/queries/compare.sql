-- Districts compared on one indicator (results only): each district's value for the year, or its latest, ranked.
-- param indicator: catalog key or part of its Chinese label, e.g. head_appearance_rate or 出庭应诉率
-- param year: report year [default: NULL]
-- param province: only this province or city, e.g. 浙江省 or 宁波市 [default: NULL]
WITH picked AS (
    SELECT * FROM indicator_panel
    WHERE (indicator = $indicator OR label LIKE '%' || $indicator || '%')
      AND ($year IS NULL OR report_year = $year)
      AND ($province IS NULL OR province LIKE $province || '%' OR city LIKE $province || '%')
    QUALIFY row_number() OVER (PARTITION BY admin_code, level, department, indicator ORDER BY report_year DESC) = 1
)
SELECT indicator, label, rank() OVER (PARTITION BY indicator ORDER BY value DESC) AS rank,
       province, city, admin_name, department, report_year, value, unit, qualifier, evidence, url
FROM picked
ORDER BY indicator, rank, province, city, admin_name;
