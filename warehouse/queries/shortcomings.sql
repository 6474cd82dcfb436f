-- What a district listed as shortcomings, and the closest sentence in its next year's report.
-- param district: district name or 6-digit code
-- param year: report year [default: NULL]
SELECT admin_name, department, report_year, item_seq, shortcoming, next_year,
       next_report_id IS NOT NULL AS next_report_found, match_share, best_match, next_url
FROM shortcomings_followup
WHERE (admin_name = $district OR admin_code = $district) AND ($year IS NULL OR report_year = $year)
ORDER BY department, report_year, item_seq;
