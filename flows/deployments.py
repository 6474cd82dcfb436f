"""fazhi's Prefect deployments, and the long-running process that serves them.

    python -m flows.deployments            # register the deployments and serve them (Ctrl-C stops)

Needs a Prefect server: PREFECT_API_URL=http://HOST:4200/api (docker compose sets it).

| deployment                   | schedule (Asia/Shanghai)                     | does |
|------------------------------|----------------------------------------------|------|
| annual-reports/yearly        | 06:00 on 2, 9, 16 and 23 April               | last year's reports (recent_years=1) |
| annual-reports/catch-up      | 06:00 on the 1st of May to September         | the same, for late publishers |
| backfill/manual              | none; run by hand with first_year, last_year | a range of report years |
| reprocess/manual             | none; run by hand after an upgrade           | clean, extract, load again from the archive |

Any parameter can be given per run, e.g.
    prefect deployment run 'annual-reports/yearly' --param year=2024
    prefect deployment run 'annual-reports/yearly' --param year=2024 --param 'portals=["nb-jiangbei"]'

Where the data goes comes from the environment of this process, read when it starts:
FAZHI_DB (default data/fazhi.duckdb), FAZHI_ARCHIVE (data/archive), FAZHI_REGISTRY
(seeds/portals.toml), FAZHI_MIN_HOST_DELAY (1.0), FAZHI_DASK_ADDRESS (none: threads).
FAZHI_SERVE_LIMIT (1) is how many flow runs this process runs at once: with 1, a run that
comes while another is going waits for it, since only one run may write the warehouse.
"""
from __future__ import annotations

import os
import sys

from fazhi.core.paths import DEFAULT_ARCHIVE, DEFAULT_DB, DEFAULT_REGISTRY

TIMEZONE = "Asia/Shanghai"
YEARLY_CRON = "0 6 2,9,16,23 4 *"     # reports are due by 1 April (法治政府建设年度报告 rules)
CATCH_UP_CRON = "0 6 1 5-9 *"         # late publishers, through the summer


def storage_parameters() -> dict:
    return {"db": os.environ.get("FAZHI_DB", str(DEFAULT_DB)),
            "archive": os.environ.get("FAZHI_ARCHIVE", str(DEFAULT_ARCHIVE))}


def build_deployments() -> list:
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.annual_reports import annual_reports, backfill
    from flows.reprocess import reprocess

    storage = storage_parameters()
    crawl = {**storage, "registry": os.environ.get("FAZHI_REGISTRY", str(DEFAULT_REGISTRY)),
             "min_host_delay": float(os.environ.get("FAZHI_MIN_HOST_DELAY", "1.0"))}
    if os.environ.get("FAZHI_DASK_ADDRESS"):
        crawl["dask_address"] = os.environ["FAZHI_DASK_ADDRESS"]
    common = {"entrypoint_type": EntrypointType.MODULE_PATH, "tags": ["fazhi"]}
    return [
        annual_reports.to_deployment(
            "yearly", schedules=[Cron(YEARLY_CRON, timezone=TIMEZONE)],
            parameters={**crawl, "recent_years": 1},
            description="Last year's 法治政府建设 reports from every portal, weekly through April.", **common),
        annual_reports.to_deployment(
            "catch-up", schedules=[Cron(CATCH_UP_CRON, timezone=TIMEZONE)],
            parameters={**crawl, "recent_years": 1},
            description="Monthly May to September: reports that late publishers put up.", **common),
        backfill.to_deployment(
            "manual", parameters=crawl,
            description="A range of report years: --param first_year=2019 --param last_year=2023.", **common),
        reprocess.to_deployment(
            "manual", parameters=storage,
            description="Clean, extract and load again from the raw archive (no network), after an upgrade.",
            **common),
    ]


def main() -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")   # progress lines reach the UI
    from prefect import serve
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        print("fazhi: error: serving deployments needs a Prefect server; set PREFECT_API_URL "
              "(e.g. http://127.0.0.1:4200/api after `prefect server start`)", file=sys.stderr)
        return 2
    limit = int(os.environ.get("FAZHI_SERVE_LIMIT", "1"))
    deployments = build_deployments()
    print(f"fazhi: serving {len(deployments)} deployments against {PREFECT_API_URL.value()} "
          f"(warehouse {storage_parameters()['db']}, {limit} run(s) at a time)", flush=True)
    serve(*deployments, limit=limit, pause_on_shutdown=False, print_starting_message=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
