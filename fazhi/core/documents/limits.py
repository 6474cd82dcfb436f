"""How much reading a document may cost: every file comes from a host we do not control.
Each limit is a setting with a default, overridden by an environment variable (README "Limits")."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

MB = 1024 * 1024


def env_number(name: str, default: float) -> float:
    """A limit from the environment (FAZHI_*), else its default."""
    return float(os.environ.get(name) or default)


def human_size(n: float) -> str:
    """2.1 GB, 200 MB, 37 KB: sizes in reasons a person reads."""
    for unit, size in (("GB", 1024 ** 3), ("MB", MB), ("KB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.1f} {unit}" if value < 10 and value != int(value) else f"{value:.0f} {unit}"
    return f"{int(n)} bytes"


@dataclass(frozen=True)
class ReadLimits:
    """Limits on reading one document once its bytes are here (download limits: FetchSettings)."""
    max_expanded_bytes: int = field(default_factory=lambda: int(env_number("FAZHI_MAX_EXPANDED_MB", 200) * MB))
    max_pages: int = field(default_factory=lambda: int(env_number("FAZHI_MAX_PAGES", 300)))
    max_ocr_pages: int = field(default_factory=lambda: int(env_number("FAZHI_MAX_OCR_PAGES", 40)))
    parse_seconds: float = field(default_factory=lambda: env_number("FAZHI_PARSE_SECONDS", 20))
    ocr_page_seconds: float = field(default_factory=lambda: env_number("FAZHI_OCR_PAGE_SECONDS", 30))
    max_image_pixels: int = field(default_factory=lambda: int(env_number("FAZHI_MAX_IMAGE_MEGAPIXELS", 60) * 1_000_000))
    worker_memory_bytes: int = field(default_factory=lambda: int(env_number("FAZHI_PARSE_MEMORY_MB", 768) * MB))
