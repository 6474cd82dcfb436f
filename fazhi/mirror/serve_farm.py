"""Serve the test farm by hand: ``python -m fazhi.mirror.serve_farm [BASE_PORT]`` (default 8711).

Prints each site's start URL and the path of a registry file for those ports.
"""

from __future__ import annotations

import threading

from .farm import FARM_BASE_PORT, start_test_farm
from .farm_sites import FARM_PORTAL_IDS, FARM_SITE_IDS


def main(argv: list[str]) -> None:
    import sys
    import tempfile

    base = int(argv[0]) if argv else FARM_BASE_PORT
    farm = start_test_farm(base)
    try:
        for sid in FARM_SITE_IDS:
            url = farm.start_url(sid) if sid in FARM_PORTAL_IDS else farm.sites[sid] + "/"
            print(f"{sid:<15} {url}", flush=True)
        fd, name = tempfile.mkstemp(prefix="fazhi-farm-", suffix=".toml")
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(farm.registry_toml())
        print(f"registry: {name}\nserving; Ctrl-C to stop", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr, flush=True)
    finally:
        farm.stop()


if __name__ == "__main__":
    import sys as _sys

    main(_sys.argv[1:])
