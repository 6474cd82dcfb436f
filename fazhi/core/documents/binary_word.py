"""DOC and WPS (OLE2 compound files; WPS Office saves .wps in Word's binary layout) by a
converter from Debian's packages: catdoc first, antiword when catdoc gives no text.

catdoc (-d utf-8, -w: a paragraph per line) reads Word 97 files whoever wrote them; antiword
refuses many that Word did not write (WPS Office, LibreOffice: "text stream too small",
"Small Block Depot is damaged") but reads some older Word files catdoc garbles. catdoc exits
0 on garbage, so a result with too few Han characters counts as no text. Both run as
commands with a time limit."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from fazhi.core.errors import UnreadableDocument

from .kinds import OLE_SIGNATURE
from .limits import ReadLimits

CONVERTERS = (("catdoc", ["catdoc", "-d", "utf-8", "-w"]),
              ("antiword", ["antiword", "-m", "UTF-8.txt", "-w", "0"]))


def word_text(body: bytes, file_type: str, limits: ReadLimits) -> tuple[str, str]:
    """(text, converter) of a DOC / WPS file."""
    if not body.startswith(OLE_SIGNATURE):
        raise UnreadableDocument(f"not a {file_type.upper()} file (no OLE2 signature)")
    installed = [(name, cmd) for name, cmd in CONVERTERS if shutil.which(name)]
    if not installed:
        raise UnreadableDocument(f"{file_type.upper()} converter not installed "
                                 "(Debian: apt-get install antiword catdoc)")
    reasons = []
    with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as tmp:
        source = Path(tmp) / f"in.{file_type}"
        source.write_bytes(body)
        for name, cmd in installed:
            try:
                done = subprocess.run([*cmd, str(source)], capture_output=True, timeout=limits.parse_seconds)
            except subprocess.TimeoutExpired:
                reasons.append(f"{name} took longer than {limits.parse_seconds:g} s")
                continue
            text = done.stdout.decode("utf-8", "replace")
            if done.returncode == 0 and sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 20:
                return _paragraphs(text), name
            why = done.stderr.decode("utf-8", "replace").replace(str(source), "the file").strip().splitlines()
            reasons.append(f"{name}: {why[-1][:100] if why else 'no text'}")
    raise UnreadableDocument(f"{file_type.upper()} cannot be read ({'; '.join(reasons)})")


def _paragraphs(text: str) -> str:
    return "\n".join(line.strip() for line in text.replace("\r", "\n").replace("\x0c", "\n").split("\n")
                     if line.strip())
