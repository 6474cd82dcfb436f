"""The run, as plain functions over typed records: per portal discover -> fetch -> clean ->
extract -> load (portal.py); local files ingested (local.py); the archive reprocessed
(reprocess.py); the end-of-run summary (summary.py). Prefect wraps these in flows/."""
