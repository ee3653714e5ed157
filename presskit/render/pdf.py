"""HTML to PDF with WeasyPrint — the only module that imports it, loaded only when a PDF is asked for.

WeasyPrint reads what the HTML points at. Here it may read only ``data:`` URIs and files inside the folders it
is given (the templates); any other URL (http(s), ``file:`` elsewhere, a private address) is refused before a
single byte is fetched, so a URL in a record cannot make a PDF build reach the network or the local machine.

Every PDF is WeasyPrint's PDF/UA-1 variant: tagged, with its language and XMP metadata, so a screen reader
reads headings, lists and links rather than loose text.

Fonts are named, not guessed: after the layout, the fonts WeasyPrint actually drew with are compared with the
ones the stylesheet names. If a named font is missing from the machine and something else was drawn instead,
that is an error naming the Debian package to install, never a silent fallback.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from presskit.errors import InvalidInput, PresskitError

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/ua-1"


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher (version 70 API: a subclass overriding ``fetch``) that reads ``data:`` URIs
    and regular files under ``read_dirs``, and refuses everything else without opening a connection."""

    def __init__(self, read_dirs: Iterable[Path] = ()) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.read_dirs = [Path(d).resolve() for d in read_dirs]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            # resolve() follows symlinks and '..': a link out of the templates folder is outside it.
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(d) for d in self.read_dirs):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                          headers={"Content-Type": kind})
        self.refused.append(url)
        raise PermissionError(f"presskit does not fetch {url!r} for a PDF (template files and data: only)")


@dataclass
class PdfResult:
    pdf: bytes
    pages: int
    fonts: list[str]
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _font_problem(used: set[str], fonts: Mapping[str, str],
                  fallback: Mapping[str, str]) -> tuple[str | None, list[str]]:
    if not fonts:
        return None, []  # nothing named, nothing to hold the drawing to
    others = sorted(used - set(fonts) - set(fallback))
    unused = [f for f in fonts if f not in used]
    if others and unused:
        packages = sorted({fonts[f] for f in unused})
        drawn = ", ".join(map(repr, others))
        return (f"the PDF names the font{'s' if len(unused) > 1 else ''} {', '.join(map(repr, unused))},"
                f" which this machine does not have (WeasyPrint drew with {drawn} instead);"
                f" install the Debian package{'s' if len(packages) > 1 else ''} {' '.join(packages)}"
                f" (make system-deps)"), []
    if others:
        return None, [f"some characters are not in the named fonts and were drawn with {', '.join(others)}"]
    return None, []


def html_to_pdf(html: str, *, paper: str = "a4", base_dir: Path | None = None, read_dirs: Iterable[Path] = (),
                fonts: Mapping[str, str] | None = None, fallback_fonts: Mapping[str, str] | None = None,
                title: str | None = None) -> PdfResult:
    """A PDF of ``html`` on ``paper`` (a4 or letter), reading only ``data:`` URIs and files in ``read_dirs``.

    ``fonts`` maps each font family the stylesheet names to the Debian package that provides it;
    ``fallback_fonts`` are named for rare glyphs only and may go unused.
    """
    size = PAPER_SIZES.get((paper or "").lower())
    if size is None:
        raise InvalidInput(f"unknown paper {paper!r}; use a4 or letter")
    fetcher = LocalOnlyFetcher(read_dirs)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(
            string=html, base_url=str(base_dir.resolve()) + "/" if base_dir else None, url_fetcher=fetcher,
        ).render(stylesheets=[weasyprint.CSS(string=f"@page {{ size: {size}; }}", url_fetcher=fetcher)])
        if title:
            document.metadata.title = title
        # PDF/UA-1: a tagged PDF (headings, lists, figures, links in a structure tree for screen readers), the
        # document's language from <html lang>, and XMP metadata carrying the title.
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.removeHandler(collect)
    used = {font.family for font in document.fonts.values()}
    error, notes = _font_problem(used, fonts or {}, fallback_fonts or {})
    if error:
        raise PresskitError(error)
    if fetcher.refused:
        notes.append("not fetched for the PDF (it reads only its own template files): "
                      + ", ".join(sorted(set(fetcher.refused))))
    # WeasyPrint's own warnings about the refused URLs repeat the note above.
    notes += sorted({m for m in collect.messages if not any(u in m for u in fetcher.refused)})
    return PdfResult(pdf=pdf, pages=len(document.pages), fonts=sorted(used), refused=fetcher.refused,
                     notes=notes)
