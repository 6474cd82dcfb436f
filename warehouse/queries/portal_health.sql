-- Portals that need a look: blocked, needing a browser, unreachable or failed in their latest run, or with reports in an earlier run and none in the latest.
SELECT s.portal_id, s.status,
       CASE WHEN s.status IN ('ok', 'no_reports') THEN 'had ' || prev.best || ' report(s) in an earlier run, none now'
            ELSE s.reason END AS reason,
       array_to_string(s.platforms, ', ') AS platforms, s.list_pages, s.requests, s.checked_at
FROM portal_status s
LEFT JOIN (SELECT portal_id, max(reports) AS best FROM portal_status_history GROUP BY portal_id) prev USING (portal_id)
WHERE s.status IN ('blocked', 'needs_browser', 'unreachable', 'failed')
   OR (s.reports = 0 AND prev.best > 0)
ORDER BY CASE s.status WHEN 'failed' THEN 0 WHEN 'blocked' THEN 1 WHEN 'needs_browser' THEN 2
                       WHEN 'unreachable' THEN 3 ELSE 4 END, s.portal_id;
