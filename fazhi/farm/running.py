"""A set of portal specs served on loopback: their URLs, request log, registry and faults."""

from __future__ import annotations

import sys
import tempfile
import threading

from . import render
from .http import RequestLog, Servers
from .spec import PortalSpec
from .truth import registry_toml


class Farm:
    """Running portals, one port each.

        with Farm(specs).start() as farm:
            farm.sites             # {"portal-id": "http://127.0.0.1:PORT", ...}
            farm.start_url(id)     # where the portal's list starts
            farm.registry_toml()   # a fazhi portal registry for these ports
            farm.requests          # RequestLog of (method, path, site)
            farm.reset_flaky()     # re-arm the faults: the next requests fail again
    """

    __test__ = False  # not a pytest class
    header = "# fazhi portal registry for fake portals (fazhi.farm).\n"

    def __init__(self, specs: list[PortalSpec], base_port: int = 0, host: str = "127.0.0.1",
                 latency: float = 0.0, gzip_ok: bool = False, cache: bool = True) -> None:
        self.specs = {spec.id: spec for spec in specs}
        self.host, self.requests = host, RequestLog()
        self._options = {"host": host, "base_port": base_port, "latency": latency, "gzip_ok": gzip_ok, "cache": cache}
        self._servers: Servers | None = None
        self.sites: dict[str, str] = {}
        self.ports: dict[str, int] = {}

    def start(self):
        """Bind every portal's port and serve (ports and URLs are known from here on)."""
        if self._servers is None:
            self._servers = Servers(list(self.specs.values()), render.routes, requests=self.requests, **self._options)
            self.sites, self.ports = self._servers.sites, self._servers.ports
            self._servers.start()
        return self

    def stop(self) -> None:
        if self._servers is not None:
            self._servers.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.sites!r})"

    @property
    def portal_ids(self) -> tuple[str, ...]:
        return tuple(sid for sid, spec in self.specs.items() if spec.in_registry)

    def start_url(self, site_id: str) -> str:
        return self.sites[site_id] + self.specs[site_id].column_path

    def url(self, site_id: str, path: str) -> str:
        return self.sites[site_id] + path

    def reset_flaky(self, site_id: str | None = None) -> None:
        """Re-arm the faults of every portal (or one): their next requests fail again."""
        for sid, app in self._servers.apps.items():
            if site_id is None or sid == site_id:
                app.reset_faults()

    def registry_toml(self, header: str = "", auto_cms: bool = False, portals: tuple[str, ...] | None = None) -> str:
        """Registry text for the portals (all, or ``portals``); auto_cms: ``cms = "auto"``."""
        specs = [self.specs[sid] for sid in portals] if portals else list(self.specs.values())
        return registry_toml(specs, self.sites, header or self.header, auto_cms)


def serve_forever(farm: Farm, registry_note: str = "") -> None:
    """Print each portal's start URL and a registry for its ports, then serve until Ctrl-C."""
    farm.start()
    try:
        for sid, spec in farm.specs.items():
            url = farm.start_url(sid) if spec.in_registry else farm.sites[sid] + "/"
            print(f"{sid:<15} {url}", flush=True)
        if not registry_note:
            fd, registry_note = tempfile.mkstemp(prefix="fazhi-farm-", suffix=".toml")
            with open(fd, "w", encoding="utf-8") as fh:
                fh.write(farm.registry_toml())
        print(f"registry: {registry_note}\nserving; Ctrl-C to stop", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr, flush=True)
    finally:
        farm.stop()
