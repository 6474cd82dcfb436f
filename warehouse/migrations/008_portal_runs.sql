-- What each run made of each portal (issue 13: blocked is an outcome, not "no reports").
-- One row per run and portal; the views portal_status and portal_status_history read it.
CREATE TABLE portal_runs (
    run_id       VARCHAR NOT NULL,
    portal_id    VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('ok', 'no_reports', 'blocked', 'needs_browser',
                                                    'unreachable', 'failed', 'cancelled')),
    reason       VARCHAR,
    platforms    VARCHAR[],
    columns      VARCHAR[],
    list_pages   INTEGER NOT NULL DEFAULT 0,
    candidates   INTEGER NOT NULL DEFAULT 0,
    reports      INTEGER NOT NULL DEFAULT 0,
    requests     INTEGER NOT NULL DEFAULT 0,
    checked_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, portal_id),
    CHECK (status IN ('ok', 'no_reports') OR reason IS NOT NULL)
);
