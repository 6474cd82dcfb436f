"""Fake government portals on loopback, from specs: the offline mirror that `fazhi demo`
crawls, the test portals and the benchmark's generated farm all run on this one engine.

spec.py (what a portal is) -> render/ (one module per CMS family) -> http.py (serving) ;
truth.py (what a crawler should find, and the registry) ; running.py (a started farm).
"""

from .mirror import DEFAULT_BASE_PORT, SITE_IDS, Mirror, serve_forever_cli, start_mirror
from .running import Farm

__all__ = ["DEFAULT_BASE_PORT", "SITE_IDS", "Farm", "Mirror", "serve_forever_cli", "start_mirror"]
