"""The raw archive: every fetched body stored once, content-addressed and gzip-compressed.

Layout under the archive root (default data/archive/):
  objects/ab/cdef…​.gz   the body bytes, named by their SHA-256
  index.jsonl           one line per fetch: url, final_url, status, headers, sha256, fetched_at
The archive is append-only: cleaning and extraction can be redone from it without the network.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from pathlib import Path


class Archive:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._lock = threading.Lock()

    def _object_path(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / f"{sha[2:]}.gz"

    def put(self, body: bytes) -> str:
        sha = hashlib.sha256(body).hexdigest()
        path = self._object_path(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}.{threading.get_ident()}")
            with gzip.open(tmp, "wb", compresslevel=6) as fh:
                fh.write(body)
            os.replace(tmp, path)  # atomic: a crash never leaves half an object
        return sha

    def get(self, sha: str) -> bytes:
        with gzip.open(self._object_path(sha), "rb") as fh:
            return fh.read()

    def has(self, sha: str) -> bool:
        return self._object_path(sha).exists()

    def record(self, entry: dict) -> None:
        """Append one fetch record to index.jsonl."""
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / "index.jsonl", "a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def records(self):
        index = self.root / "index.jsonl"
        if not index.exists():
            return
        with open(index, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
