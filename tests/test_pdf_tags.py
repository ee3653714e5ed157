"""The kit and report PDFs are tagged (PDF/UA-1): read back with pypdf, as a screen reader's PDF library would.

Each test walks the structure tree from the catalog, collects the marked content of every heading element
(H1, H2, …) from the page content streams by MCID, and compares the headings' text with the HTML's. The
catalog's /Lang and the XMP metadata stream (with the title) are read from the file too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from test_kit import build

pytestmark = pytest.mark.sqlite_only("the PDF does not depend on the backend; test_kit.py runs on both")

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
HEADING = re.compile(r"^/H[1-6]$")
YEAR = ("--from", "2013-04-01", "--to", "2014-03-31", "--now", "2014-04-01T12:00:00Z")


def _marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page number, MCID), from the pages' content streams."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    for number, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(op: bytes, args: list[Any], *_: Any, stack: list[int | None] = stack) -> None:
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(props.get("/MCID") if isinstance(props, dict) else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t: str, *_: Any, stack: list[int | None] = stack, number: int = number) -> None:
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[(number, mcid)].append(t)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: "".join(parts) for key, parts in texts.items()}


def structure(reader: PdfReader) -> list[tuple[str, str]]:
    """Every structure element as (type, its text), in the order of the tree (reading order)."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    marked = _marked_text(reader)
    out: list[tuple[str, str]] = []

    def content(node: Any, page: int | None) -> str:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, int):
            return marked.get((page, node), "") if page is not None else ""
        if isinstance(node, list):
            return "".join(content(k, page) for k in node)
        if isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages[node.raw_get("/Pg").idnum]
            if "/MCID" in node:
                return marked.get((page, node["/MCID"]), "")
            if "/K" in node:
                return content(node["/K"], page)
        return ""

    def walk(node: Any) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, list):
            for k in node:
                walk(k)
        elif isinstance(node, DictionaryObject) and "/K" in node:
            if "/S" in node:
                page = pages[node.raw_get("/Pg").idnum] if "/Pg" in node else None
                out.append((str(node["/S"]), " ".join(content(node["/K"], page).split())))
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def xmp(reader: PdfReader) -> ET.Element:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Subtype"] == "/XML"
    return ET.fromstring(stream.get_data().decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])


def html_headings(html: str) -> list[tuple[str, str]]:
    found = re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)
    return [(f"/H{level}", " ".join(re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")
                                    .replace("&#39;", "'").split())) for level, text in found]


def _check(pdf: Path, html: str, title: str) -> None:
    reader = PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en" and '<html lang="en">' in html
    tree = structure(reader)
    headings = [(kind, text) for kind, text in tree if HEADING.match(kind)]
    # The HTML's headings (that the print stylesheet shows), each found as a heading with its own text.
    expected = html_headings(html)
    assert headings and [h for h in expected if h in headings] == headings == [h for h in headings
                                                                              if h in expected], \
        (headings, expected)
    assert headings[0] == ("/H1", html_headings(html)[0][1])
    assert {"/P", "/L", "/LI", "/Link"} <= {kind for kind, _ in tree}
    meta = xmp(reader)
    titles = [li.text for li in meta.iter(f"{RDF}li") if li in list(meta.iter(f"{DC}title"))[0].iter()]
    assert titles == [title] == [reader.metadata.title]
    assert any(d.get(f"{PDFUAID}part") == "1" for d in meta.iter(f"{RDF}Description"))


def test_kit_pdf_is_tagged_with_headings_language_and_xmp_title(defector, tmp_path: Path) -> None:
    build(defector, tmp_path / "kit.html")
    build(defector, tmp_path / "kit.pdf")
    html = (tmp_path / "kit.html").read_text(encoding="utf-8")
    _check(tmp_path / "kit.pdf", html, "The Defector: Escape from North Korea — Press kit")
    headings = [text for kind, text in structure(PdfReader(tmp_path / "kit.pdf")) if kind == "/H2"]
    assert {"Awards", "Festival selections", "Press quotes", "Coverage"} <= set(headings)


def test_report_pdf_is_tagged_with_headings_language_and_xmp_title(film) -> None:
    assert film("report", "-o", "report.html", *YEAR).exit_code == 0
    assert film("report", "-o", "report.pdf", *YEAR).exit_code == 0
    html = Path("report.html").read_text(encoding="utf-8")
    _check(Path("report.pdf"), html, "The Defector: Escape from North Korea & The Defector Interactive — report")
    headings = [text for kind, text in structure(PdfReader("report.pdf")) if kind == "/H2"]
    assert {"At a glance", "Coverage", "Awards", "Broadcasts"} <= set(headings)
