"""Makes the demo's pictures in this folder: a typographic poster, three drawn stills and a monogram headshot.

presskit has no rights to the film's own poster or frames, so the demo shows artwork drawn here with Pillow
(its bundled font, no other file), and the records in ../the-defector.yaml say so in each caption and credit.
The files are committed; run this again only to change them:

    .venv/bin/python data/media/make.py

The output depends on Pillow's version (its font and JPEG encoder); a new version may change the bytes, not
what the pictures show.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
NIGHT = (14, 22, 38)
RED = (178, 34, 34)
PALE = (236, 232, 220)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def vertical(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A top-to-bottom gradient from ``top`` to ``bottom``."""
    w, h = size
    ramp = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill, width: int, spacing: int = 0) -> int:
    """Draws ``text`` centred at height ``y`` with extra letter ``spacing``; returns the line's bottom."""
    f = font(size)
    widths = [draw.textlength(c, font=f) for c in text]
    total = sum(widths) + spacing * (len(text) - 1)
    x = (width - total) / 2
    for c, w in zip(text, widths, strict=True):
        draw.text((x, y), c, font=f, fill=fill)
        x += w + spacing
    return y + size


def poster() -> Image.Image:
    w, h = 800, 1200
    img = vertical((w, h), NIGHT, (4, 6, 10))
    draw = ImageDraw.Draw(img)
    # A red border line across the middle: the film's subject, drawn as one line.
    draw.rectangle((0, 640, w, 652), fill=RED)
    centred(draw, 120, "A FILM BY ANN SHIN", 28, PALE, w, spacing=6)
    y = centred(draw, 300, "THE", 64, PALE, w, spacing=18)
    y = centred(draw, y + 10, "DEFECTOR", 128, PALE, w, spacing=8)
    centred(draw, y + 40, "ESCAPE FROM NORTH KOREA", 36, (214, 200, 170), w, spacing=5)
    centred(draw, 760, "A DOCUMENTARY", 30, (200, 200, 200), w, spacing=6)
    centred(draw, 1080, "FATHOM FILM GROUP", 24, (160, 160, 160), w, spacing=8)
    return img


def river() -> Image.Image:
    """A river at night: a dark far bank, a moon, and the water in bands of blue."""
    w, h = 1600, 900
    img = vertical((w, h), (10, 16, 34), (30, 48, 80))
    draw = ImageDraw.Draw(img)
    draw.ellipse((1180, 110, 1260, 190), fill=(226, 226, 210))
    draw.polygon([(0, 430), (300, 400), (700, 440), (1100, 395), (1600, 430), (1600, 470), (0, 470)],
                 fill=(6, 9, 16))
    for i in range(14):
        y = 480 + i * 30
        shade = 40 + 6 * i
        draw.rectangle((0, y, w, y + 14), fill=(shade // 2, shade - 10, shade + 40))
        draw.line((1150 - 9 * i, y + 6, 1290 + 9 * i, y + 6), fill=(180, 180, 165), width=3)
    return img.filter(ImageFilter.GaussianBlur(2))


def fence() -> Image.Image:
    """A border fence at dawn: posts and wire against an orange sky."""
    w, h = 1600, 900
    img = vertical((w, h), (240, 150, 90), (60, 40, 50))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 700, w, h), fill=(32, 26, 30))
    for x in range(40, w, 160):
        draw.rectangle((x, 380, x + 14, 720), fill=(24, 20, 24))
    for y in (420, 480, 540, 600, 660):
        draw.line((0, y, w, y + 12), fill=(30, 26, 30), width=3)
    return img


def lights() -> Image.Image:
    """City lights seen from a window at night: points of warm light in rows."""
    w, h = 1600, 900
    img = vertical((w, h), (8, 8, 20), (26, 20, 34))
    draw = ImageDraw.Draw(img)
    for row in range(9):
        y = 380 + row * 52
        for col in range(40):
            x = 20 + col * 40 + (row % 2) * 20
            on = (math.sin(col * 1.7 + row * 2.3) + 1) / 2
            if on > 0.45:
                r = 4 + int(3 * on)
                draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, int(170 + 60 * on), int(80 * on)))
    draw.rectangle((0, 0, 60, h), fill=(4, 4, 8))
    draw.rectangle((w - 60, 0, w, h), fill=(4, 4, 8))
    return img.filter(ImageFilter.GaussianBlur(1.5))


def monogram(initials: str) -> Image.Image:
    """A person's initials on a circle, for the headshot beside the bio."""
    size = 600
    img = Image.new("RGB", (size, size), (240, 238, 232))
    draw = ImageDraw.Draw(img)
    draw.ellipse((40, 40, size - 40, size - 40), fill=(22, 96, 104))
    f = font(220)
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=f)
    draw.text(((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top), initials, font=f,
              fill=(250, 250, 245))
    return img


PICTURES = {
    "the-defector-poster.jpg": poster,
    "still-river-at-night.jpg": river,
    "still-border-fence.jpg": fence,
    "still-city-lights.jpg": lights,
    "headshot-ann-shin.jpg": lambda: monogram("AS"),
}


def main() -> None:
    for name, draw in PICTURES.items():
        draw().save(HERE / name, "JPEG", quality=82, optimize=True)
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
