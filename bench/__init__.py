"""Benchmarks and generated test portals for fazhi.

    from bench.portal_farm import PortalFarm
    with PortalFarm(n=200, seed=7, latency=0.03).start() as farm:
        farm.registry_toml(); farm.truth; farm.requests.total

portal_farm.py generates the specs of N portals in the CMS shapes the crawler supports
(served by fazhi.farm);
farm_text.py holds the title and body generators; evaluate.py scores discovery against
the farm's ground truth (scripts/discovery_eval.py, scripts/benchmark.py, tests).
"""
