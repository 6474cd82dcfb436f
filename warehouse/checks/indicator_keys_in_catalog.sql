-- severity: serious
-- Every indicator value names a key of the catalog (fazhi/core/indicators.py CATALOG).
SELECT i.report_id, i.version, i.indicator
FROM indicator_values i
ANTI JOIN indicator_catalog c ON c.indicator = i.indicator
