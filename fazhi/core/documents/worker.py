"""Reading a document in a separate process, under a time and a memory limit: a parser that
loops on a hostile file (a cross-reference that points back at itself) is killed, and one
that balloons fails alone, not the crawl. A fresh interpreter (not a fork) so that it works
from any thread, and from daemonic Dask workers, which may not fork children.

    run_limited("fazhi.core.documents.read:parse_document", (body, "pdf", limits), seconds=20,
                memory_bytes=768 MB, what="PDF")
"""
from __future__ import annotations

import importlib
import pickle
import resource
import subprocess
import sys

from fazhi.core.errors import UnreadableDocument

from .limits import human_size


def run_limited(target: str, args: tuple, *, seconds: float, memory_bytes: int, what: str):
    """target(*args) in a child process; its result, or UnreadableDocument with the reason
    (the child's own UnreadableDocument, or that it ran out of time or memory)."""
    payload = pickle.dumps((target, args, memory_bytes), protocol=pickle.HIGHEST_PROTOCOL)
    proc = subprocess.Popen([sys.executable, "-m", "fazhi.core.documents.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(payload, timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise UnreadableDocument(f"{what} took longer than {seconds:g} s to read (stopped: a looping parser?)") from None
    if proc.returncode != 0 or not out:
        if b"MemoryError" in err or proc.returncode in (-9, -11, -6):
            raise UnreadableDocument(f"{what} needed more than the {human_size(memory_bytes)} memory limit to read")
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise UnreadableDocument(f"{what} could not be read (the reader failed: {last[:200]})")
    ok, value = pickle.loads(out)
    if ok:
        return value
    raise UnreadableDocument(value)


def _main() -> None:
    target, args, memory_bytes = pickle.load(sys.stdin.buffer)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    module, name = target.split(":")
    func = getattr(importlib.import_module(module), name)
    try:
        result = (True, func(*args))
    except UnreadableDocument as exc:
        result = (False, str(exc))
    except MemoryError:
        result = (False, f"reading needed more than the {human_size(memory_bytes)} memory limit")
    except RecursionError:
        result = (False, "the file's structure nests too deep to read (a loop?)")
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()


if __name__ == "__main__":
    _main()
