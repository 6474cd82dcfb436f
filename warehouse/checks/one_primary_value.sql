-- severity: serious
-- One primary value per report version, indicator and result/target: the indicators view
-- shows exactly one number per key, so two primaries would make a report count twice.
SELECT report_id, version, indicator, is_target, count(*) AS primaries
FROM indicator_values
WHERE is_primary
GROUP BY ALL
HAVING count(*) > 1
