-- severity: serious
-- Rows that name a portal the warehouse does not know (a portal's rows must come with it).
SELECT 'report_versions' AS in_table, portal_id, count(*) AS n_rows FROM report_versions
WHERE portal_id IS NOT NULL AND portal_id NOT IN (SELECT portal_id FROM portals) GROUP BY ALL
UNION ALL
SELECT 'candidate_links', portal_id, count(*) FROM candidate_links
WHERE portal_id NOT IN (SELECT portal_id FROM portals) GROUP BY ALL
UNION ALL
SELECT 'fetches', portal_id, count(*) FROM fetches
WHERE portal_id IS NOT NULL AND portal_id NOT IN (SELECT portal_id FROM portals) GROUP BY ALL
UNION ALL
SELECT 'attachments', portal_id, count(*) FROM attachments
WHERE portal_id IS NOT NULL AND portal_id NOT IN (SELECT portal_id FROM portals) GROUP BY ALL
