-- How each portal fared (README: "Portal status"). Recreated on every connect.

-- Every run's outcome per portal, newest first.
CREATE OR REPLACE VIEW portal_status_history AS
SELECT portal_id, run_id, status, reason, platforms, columns, list_pages, candidates, reports,
       requests, checked_at
FROM portal_runs;

-- One row per portal: its latest run's outcome.
CREATE OR REPLACE VIEW portal_status AS
SELECT * FROM portal_status_history
QUALIFY row_number() OVER (PARTITION BY portal_id ORDER BY checked_at DESC, run_id DESC) = 1;
