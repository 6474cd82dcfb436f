"""How well does discovery find reports on portals it has never seen?

Starts a generated portal farm (bench.portal_farm) on loopback, runs the real discovery
over every portal and scores it against the farm's ground truth:

    .venv/bin/python scripts/discovery_eval.py                 # 200 portals, seed 1
    .venv/bin/python scripts/discovery_eval.py --n 50 --seed 7
    .venv/bin/python scripts/discovery_eval.py --years 2023    # only 2023 reports wanted
    .venv/bin/python scripts/discovery_eval.py --pipeline      # whole process_portal + a tmp warehouse
    .venv/bin/python scripts/discovery_eval.py --shapes label jcms   # only portals of these platforms

Default mode: fazhi.pipeline.process_portal (discover, fetch, clean, extract; min_host_delay=0)
without loading; each candidate's reason says what was decided about it. --pipeline also
loads every portal into a throw-away Warehouse and reads the loaded reports back.

    .venv/bin/python scripts/discovery_eval.py --shapes gkmlpt jpaas trs_igs trs_irs epoint infogate hlj_search

Prints reports found / present (recall; target >= 95%) and look-alikes taken for reports /
present (target < 5% overall) per platform (CMS family), then every miss and every false report
by title; each platform is also held to >= 95% recall and <= 2% look-alikes taken on its own.
Exit code 0 when the targets are met, 1 otherwise.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from bench.evaluate import format_outcome, judge_portal, score, taken_from_warehouse  # noqa: E402
from bench.portal_farm import PortalFarm  # noqa: E402
from fazhi.core.archive import Archive  # noqa: E402
from fazhi.pipeline.portal import RunContext, load_haul, process_portal  # noqa: E402
from fazhi.pipeline.runs import new_run_id  # noqa: E402
from tasks.fetch import FetchSettings, Politeness  # noqa: E402


def run_discovery(farm: PortalFarm, years: set[int] | None, workers: int, tmp: str):
    settings = FetchSettings(min_host_delay=0.0, max_concurrency=workers, retries=1, backoff_base=0.1)
    ctx = RunContext(archive=Archive(Path(tmp) / "archive"), politeness=Politeness(0.0, workers),
                     settings=settings, run_id="discovery-eval", years=years)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {r.portal_id: r for r in pool.map(lambda portal: judge_portal(portal, ctx), farm.portals_registry())}


def run_pipeline(farm: PortalFarm, years: set[int] | None, workers: int, tmp: str):
    from tasks.load import Warehouse

    settings = FetchSettings(min_host_delay=0.0, max_concurrency=workers, retries=1, backoff_base=0.1)
    portals = farm.portals_registry()
    with Warehouse(Path(tmp) / "eval.duckdb") as wh:
        wh.upsert_portals(portals)
        run_id = new_run_id()
        wh.start_run(run_id, "discovery-eval", {})
        ctx = RunContext(archive=Archive(Path(tmp) / "archive"), politeness=Politeness(0.0, workers),
                         settings=settings, run_id=run_id, years=years)
        with ThreadPoolExecutor(max_workers=workers) as pool:   # collected on threads, loaded here, as the flow does
            outcomes = [load_haul(haul, wh) for haul in pool.map(lambda p: process_portal(p, ctx), portals)]
        runs = taken_from_warehouse(wh, [p.id for p in portals])
    for o in outcomes:
        runs[o.portal_id].failed, runs[o.portal_id].requests = o.failed, o.requests
    return runs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="portals in the farm (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="farm seed (default 1)")
    ap.add_argument("--years", type=int, nargs="*", help="report years wanted (default: every year)")
    ap.add_argument("--pipeline", action="store_true", help="run process_portal with a tmp warehouse")
    ap.add_argument("--workers", type=int, default=8, help="portals crawled at once (default 8)")
    ap.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    ap.add_argument("--shapes", nargs="*", help="platforms to cycle through (portal i gets shapes[i %% len]) "
                                                 "instead of drawing them; e.g. the JSON-API platforms")
    args = ap.parse_args(argv)
    years = set(args.years) if args.years else None

    t0 = time.monotonic()
    with PortalFarm(args.n, seed=args.seed, shapes=tuple(args.shapes) if args.shapes else None).start() as farm, tempfile.TemporaryDirectory(prefix="fazhi-eval-") as tmp:
        runs = (run_pipeline if args.pipeline else run_discovery)(farm, years, args.workers, tmp)
        out = score(farm, runs, years)
        served = farm.requests.total
        desc = farm.describe()
    elapsed = time.monotonic() - t0
    mode = "process_portal + tmp warehouse" if args.pipeline else "discover_portal + process_portal's decision"
    head = (f"## Discovery on a generated portal farm\n\n{desc}. Mode: {mode}. "
            f"Years wanted: {', '.join(map(str, sorted(years))) if years else 'all'}. "
            f"{served} requests served, {elapsed:.1f} s.")
    text = format_outcome(out, head)
    if args.quiet:
        text = text.split("\nMisses (")[0]
    print(text)
    failed = [r for r in runs.values() if r.failed]
    for r in failed:
        print(f"FAILED portal {r.portal_id}: {r.failed}")
    ok = out.total.recall >= 0.95 and out.total.lookalike_rate < 0.05
    print(f"\nrecall {out.total.recall:.1%} (target >= 95%), look-alikes taken {out.total.lookalike_rate:.1%} "
          f"(target < 5%): {'MET' if ok else 'NOT MET'}")
    for platform, s in sorted(out.by_family.items()):
        met = s.recall >= 0.95 and s.lookalike_rate <= 0.02
        ok = ok and met
        print(f"  {platform:<11} recall {s.recall:6.1%}  look-alikes taken {s.lookalike_rate:5.1%}  "
              f"({s.portals} portals): {'MET' if met else 'NOT MET'} (>= 95%, <= 2%)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
