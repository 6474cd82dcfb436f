"""Page images made fit for OCR: greyscale, scaled so a character is about 40 pixels high,
speckle removed (a 3×3 median), deskewed (the angle whose row profile is sharpest),
binarised (Otsu's threshold)."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from fazhi.core.errors import UnreadableDocument

from .limits import ReadLimits


def open_image(data: bytes, limits: ReadLimits, what: str = "image") -> Image.Image:
    """A page image, refused before decoding when its stated size is over the pixel cap."""
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > limits.max_image_pixels:
            raise UnreadableDocument(f"{what} of {image.width}×{image.height} pixels is over the "
                                     f"{limits.max_image_pixels // 1_000_000} megapixel cap")
        image.load()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise UnreadableDocument(f"{what} cannot be decoded ({type(exc).__name__})") from None
    return image


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total, weights = hist.sum(), np.arange(256)
    cum, cum_mean = np.cumsum(hist), np.cumsum(hist * weights)
    between = (cum_mean[-1] * cum - total * cum_mean) ** 2 / np.maximum(cum * (total - cum), 1)
    return int(np.argmax(between))


def skew_angle(binary: np.ndarray, span: float = 5.0, step: float = 0.25) -> float:
    """The rotation (degrees) that makes text rows horizontal: where the rows' ink profile
    varies most. Worked out on a reduced copy (fast)."""
    small = Image.fromarray((binary * 255).astype(np.uint8))
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-span, span + step / 2, step):
        rows = np.asarray(small.rotate(float(angle), expand=False, fillcolor=0)).sum(axis=1, dtype=float)
        score = float(np.var(np.diff(rows)))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def prepare_page(image: Image.Image) -> Image.Image:
    """A greyscale page, scaled, deskewed and binarised: black text on white."""
    gray = ImageOps.grayscale(ImageOps.exif_transpose(image))
    if gray.width < 1600:                       # small scans: tesseract wants ~30-40 px characters
        factor = 1600 / gray.width
        gray = gray.resize((1600, int(gray.height * factor)), Image.LANCZOS)
    gray = gray.filter(ImageFilter.MedianFilter(3))   # scanner speckle would read as stray punctuation
    pixels = np.asarray(gray)
    ink = pixels < _otsu(pixels)
    angle = skew_angle(ink)
    if abs(angle) >= 0.25:
        gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
        pixels = np.asarray(gray)
    threshold = _otsu(pixels)
    return Image.fromarray(np.where(pixels < threshold, 0, 255).astype(np.uint8))
