"""Serve the test farm by hand: ``python -m tests.farm [BASE_PORT]`` (default 8711)."""

import sys

from fazhi.farm.running import serve_forever

from . import FARM_BASE_PORT, SPECS, TestFarm

serve_forever(TestFarm(SPECS, int(sys.argv[1]) if len(sys.argv) > 1 else FARM_BASE_PORT))
