"""Shared fixtures: a real mirror on loopback, a real DuckDB file, Prefect on a throw-away home."""
from __future__ import annotations

import os
import socket
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field

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


@dataclass
class ResettingServer:
    host: str
    connections: list[float] = field(default_factory=list)


@pytest.fixture
def resetting_server():
    """A host that accepts each connection, reads the request and resets the connection: a
    passing failure (unlike a refused connection)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    server = ResettingServer(f"127.0.0.1:{listener.getsockname()[1]}")

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            server.connections.append(time.monotonic())
            conn.recv(4096)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield server
    listener.close()
