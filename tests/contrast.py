"""Text contrast as a reader sees it: measured on a screenshot's pixels, by WCAG 2's formula.

``text_contrast(png, box)`` takes the box of a piece of text (page pixels), calls its most common colour the
background and the pixel farthest from it the text, and returns both with their contrast ratio. Anti-aliased
edges only ever lie between the two, so the farthest pixel is the glyphs' own colour.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

RGB = tuple[int, int, int]


def luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: RGB, b: RGB) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def pixels(png: Path, box: tuple[float, float, float, float]) -> list[RGB]:
    from PIL import Image

    with Image.open(png) as im:
        raw = im.convert("RGB").crop(tuple(round(v) for v in box)).tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def text_contrast(png: Path, box: tuple[float, float, float, float]) -> tuple[float, RGB, RGB]:
    """(contrast ratio, text colour, background colour) of the text drawn inside ``box``."""
    seen = pixels(png, box)
    assert seen, f"nothing drawn in {box}"
    background = Counter(seen).most_common(1)[0][0]
    text = max(set(seen), key=lambda p: ratio(p, background))
    return ratio(text, background), text, background


def most_common(png: Path, box: tuple[float, float, float, float]) -> RGB:
    return Counter(pixels(png, box)).most_common(1)[0][0]
