"""Shared fixtures: a real mirror on loopback, a real DuckDB file, Prefect on a throw-away home."""
from __future__ import annotations

import os
import tempfile

# Prefect settings must be in place before prefect is imported anywhere in the test session.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="fazhi-prefect-"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# the temporary API server can take long to start on a loaded 2-core machine
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import pytest  # noqa: E402

from fazhi.farm import start_mirror  # noqa: E402


@pytest.fixture(scope="session")
def mirror():
    with start_mirror() as running:
        yield running


@pytest.fixture
def mirror_registry(mirror, tmp_path):
    path = tmp_path / "mirror-portals.toml"
    path.write_text(mirror.registry_toml(), encoding="utf-8")
    return path
