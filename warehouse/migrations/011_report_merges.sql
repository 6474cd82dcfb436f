-- Reports found to be one report after they were loaded (copies loaded before 0.2.0 had
-- report_copies, or whose unit or text a reprocess changed): the merged report's versions
-- stay where they are, its copies move to the report it is merged into, and the public views
-- leave it out (latest_versions).
CREATE TABLE report_merges (
    report_id    VARCHAR PRIMARY KEY,
    merged_into  VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    merged_at    TIMESTAMP NOT NULL,
    run_id       VARCHAR,
    CHECK (merged_into <> report_id)
);
