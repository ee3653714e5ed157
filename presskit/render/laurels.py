"""Laurels as inline SVG, drawn from a record's words: "Winner", "Nominee", "Official Selection".

The wreath is geometry computed once; the text is the record's (escaped, wrapped to fit, never invented), so a
laurel always says what the record says. Colours and fonts are presentation attributes because an SVG inside
HTML is not styled by the page's CSS in every renderer (WeasyPrint draws it as its own image).
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from presskit.kit import Laurel

WIDTH, HEIGHT = 240, 150
CX, CY, RX, RY = 120.0, 78.0, 104.0, 64.0
SERIF = "'Liberation Serif', Georgia, 'Times New Roman', serif"
SANS = "'Liberation Sans', Arial, Helvetica, sans-serif"
WREATH = "#8a6d1d"
INK = "#1f1f1f"
# Average advance of a character as a share of the font size (Liberation Serif, mixed case): enough to wrap
# names inside the wreath without measuring glyphs.
CHAR_WIDTH = 0.5
TEXT_WIDTH = 128.0


@cache
def _branch() -> tuple[str, str]:
    """Path data of the left branch: a stem on an elliptic arc with paired leaves (mirrored on the right)."""
    stem, leaves = [], []
    steps = 11
    for i in range(steps + 1):
        t = 0.42 + i * (2.05 / steps)
        x, y = CX - RX * math.sin(t), CY + RY * math.cos(t)
        stem.append(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}")
        if i == 0:
            continue
        # Direction of travel (upwards along the arc) and the outward normal.
        dx, dy = -RX * math.cos(t), -RY * math.sin(t)
        angle = math.degrees(math.atan2(dy, dx))
        nx, ny = (x - CX) / RX, (y - CY) / RY
        norm = math.hypot(nx, ny) or 1.0
        nx, ny = nx / norm, ny / norm
        size = 1.0 - 0.25 * (i / steps)  # leaves shrink towards the tip
        for side in (1, -1):
            lx, ly = x + side * nx * 6.5 * size, y + side * ny * 6.5 * size
            leaves.append(_leaf(lx, ly, angle - side * 38, 10.5 * size, 4.2 * size))
    tip_t = 0.42 + 2.05 + 0.12
    tx, ty = CX - RX * math.sin(tip_t), CY + RY * math.cos(tip_t)
    tip_angle = math.degrees(math.atan2(-RY * math.sin(tip_t), -RX * math.cos(tip_t)))
    leaves.append(_leaf(tx, ty, tip_angle, 9, 3.8))
    return " ".join(stem), " ".join(leaves)


def _leaf(x: float, y: float, angle: float, length: float, width: float) -> str:
    """A pointed leaf (two quadratic curves) centred on (x, y), pointing along ``angle`` degrees."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    px, py = -uy, ux
    x0, y0 = x - ux * length / 2, y - uy * length / 2
    x1, y1 = x + ux * length / 2, y + uy * length / 2
    c1 = (x + px * width, y + py * width)
    c2 = (x - px * width, y - py * width)
    return (f"M{x0:.1f},{y0:.1f} Q{c1[0]:.1f},{c1[1]:.1f} {x1:.1f},{y1:.1f}"
            f" Q{c2[0]:.1f},{c2[1]:.1f} {x0:.1f},{y0:.1f}Z")


def wrap(text: str, max_chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _fit(text: str, sizes: tuple[float, ...], max_lines: int) -> tuple[float, list[str]]:
    """The largest font size at which ``text`` wraps into ``max_lines`` lines inside the wreath."""
    for size in sizes:
        max_chars = int(TEXT_WIDTH / (size * CHAR_WIDTH))
        lines = wrap(text, max_chars)
        if len(lines) <= max_lines and all(len(line) <= max_chars for line in lines):
            return size, lines
    size = sizes[-1]
    max_chars = int(TEXT_WIDTH / (size * CHAR_WIDTH))
    lines = wrap(text, max_chars)
    if len(lines) > max_lines:
        # Shown whole in the awards list; the laurel keeps what fits and says it was cut.
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max_chars - 1].rstrip() + "…"
    return size, lines


def laurel(item: Laurel) -> Markup:
    """An inline ``<svg>`` for a laurel: word (status), name, optional detail, year."""
    word, name = item.word, item.name
    detail = item.detail or None
    year = item.year or None
    name_size, name_lines = _fit(name, (14.0, 13.0, 12.0, 11.0, 10.0), 3)
    detail_size, detail_lines = _fit(detail, (10.0, 9.0, 8.5), 2) if detail else (0.0, [])

    # (text, size, family, weight, style, space above)
    rows: list[tuple[str, float, str, str, str, float]] = [(word, 10.0, SANS, "700", "normal", 0.0)]
    rows += [(line, name_size, SERIF, "700", "normal", 4.0 if i == 0 else 0.0)
             for i, line in enumerate(name_lines)]
    rows += [(line, detail_size, SERIF, "400", "italic", 3.0 if i == 0 else 0.0)
             for i, line in enumerate(detail_lines)]
    if year:
        rows.append((year, 11.5, SANS, "700", "normal", 3.0))
    y = CY - sum(size * 1.22 + gap for _, size, _, _, _, gap in rows) / 2
    texts = []
    for i, (line, size, family, weight, style, gap) in enumerate(rows):
        y += gap + size * 1.22
        spacing = ' letter-spacing="1.2"' if i == 0 else ""
        texts.append(
            f'<text x="{CX:.0f}" y="{y - size * 0.3:.1f}" text-anchor="middle" font-family="{family}"'
            f' font-size="{size:g}" font-weight="{weight}" font-style="{style}" fill="{INK}"{spacing}>'
            f"{escape(line)}</text>")
    label = " — ".join(item.words)
    stem, leaves = _branch()
    branch = (f'<path d="{stem}" fill="none" stroke="{WREATH}" stroke-width="1.6" stroke-linecap="round"/>'
              f'<path d="{leaves}" fill="{WREATH}"/>')
    return Markup(
        f'<svg class="laurel" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
        f"<g>{branch}</g>"
        f'<g transform="translate({WIDTH} 0) scale(-1 1)">{branch}</g>'
        + "".join(texts)
        + "</svg>")


# ----------------------------------------------------------------------------------- files for a designer

# The laurel's size on paper: 240×150 CSS pixels are 2.5 × 1.5625 inches, 750×469 pixels at 300 dpi.
PRINT_DPI = 300


def file_stem(item: Laurel) -> str:
    """``winner-canadian-screen-awards-best-documentary-program-2014``: the honour's own words, as a file name."""
    import re
    import unicodedata

    words = " ".join(item.words)
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120] or "laurel"


def svg_file(item: Laurel) -> bytes:
    """The laurel as a standalone SVG file: written from the record, the same drawing as the kit's."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(laurel(item)) + "\n").encode("utf-8")


def png_file(item: Laurel, dpi: int = PRINT_DPI) -> bytes:
    """The laurel as a transparent PNG at ``dpi`` (the SVG drawn by cairosvg, tagged with its resolution)."""
    import io

    from PIL import Image

    try:
        import cairosvg
    except OSError:  # CairoSVG loads the Cairo C library when imported
        from presskit.errors import PresskitError

        raise PresskitError("the laurel PNGs are drawn with the Cairo library, which is not installed: on Debian"
                            " or Ubuntu 'apt-get install libcairo2', on macOS 'brew install cairo'") from None

    drawn = cairosvg.svg2png(bytestring=svg_file(item), scale=dpi / 96)
    with Image.open(io.BytesIO(drawn)) as img:
        out = io.BytesIO()
        img.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()
