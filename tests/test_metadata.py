"""Conveniences: `presskit add coverage --url` reads the page's own metadata; --version; shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT

from presskit import __version__, metadata

NKNEWS = """<!doctype html><html><head>
<title>Film Review: The Defector | NKNews.org</title>
<meta property="og:title" content="Film Review: The Defector &amp; OG">
<meta property="og:site_name" content="NKNews.org">
<meta property="article:published_time" content="2013-05-20T23:30:00-04:00">
<link rel="canonical" href="/2013/05/film-review-the-defector/">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "name": "NK News page"},
  {"@type": "Review", "headline": "Film Review: The Defector", "datePublished": "2013-05-20T23:30:00-04:00",
   "author": [{"@type": "Person", "name": "Nicolle Loughlin"}],
   "publisher": {"@type": "Organization", "name": "NK News"}}]}
</script></head><body><p>The review.</p></body></html>"""

OG_ONLY = """<html><head><title>Ignored title</title>
<meta property="og:title" content="Escape from North Korea, on film">
<meta property="og:site_name" content="The Globe and Mail">
<meta name="date" content="2013-04-25">
<meta property="og:url" content="https://www.theglobeandmail.com/arts/defector/">
</head><body></body></html>"""


# --------------------------------------------------------------------------------------------- parsing


def test_json_ld_comes_first_then_opengraph_then_the_title():
    meta = metadata.parse(NKNEWS, "https://www.nknews.org/2013/05/x")
    assert (meta.headline, meta.outlet, meta.author, meta.published) == (
        "Film Review: The Defector", "NK News", "Nicolle Loughlin", date(2013, 5, 20))
    assert meta.url == "https://www.nknews.org/2013/05/film-review-the-defector/"  # relative link resolved
    assert meta.source == {"headline": "JSON-LD", "outlet": "JSON-LD", "author": "JSON-LD",
                           "published": "JSON-LD", "url": "canonical"}
    og = metadata.parse(OG_ONLY)
    assert (og.headline, og.outlet, og.author, og.published, og.url) == (
        "Escape from North Korea, on film", "The Globe and Mail", None, date(2013, 4, 25),
        "https://www.theglobeandmail.com/arts/defector/")


def test_the_title_loses_the_outlets_name_and_the_date_keeps_the_publishers_day():
    page = ('<title>Hot Docs picks — NOW Magazine</title>'
            '<meta property="og:site_name" content="NOW Magazine">'
            '<meta property="article:published_time" content="2013-04-24T23:59:00-07:00">')
    meta = metadata.parse(page)
    assert meta.headline == "Hot Docs picks"
    assert meta.published == date(2013, 4, 24)  # not April 25 in UTC, nor the machine's zone
    assert metadata.parse("<p>nothing here</p>") == metadata.PageMeta()


def test_broken_json_ld_and_author_urls_are_ignored():
    page = ('<script type="application/ld+json">{not json</script>'
            '<meta property="article:author" content="https://facebook.com/someone">'
            '<meta name="author" content="Jane Doe"><meta property="og:title" content="T">')
    meta = metadata.parse(page)
    assert (meta.headline, meta.author) == ("T", "Jane Doe")


# ------------------------------------------------------------------------------------------ a real server


class _Site:
    """Pages served on 127.0.0.1 by a thread: path -> (status, content type, body, delay, extra headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, float, dict[str, str]]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.hits.append(self.path)
                status, ctype, body, delay, headers = site.routes.get(
                    self.path, (404, "text/plain", b"not found", 0.0, {}))
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past its size cap

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server.server_address[1]}{path}"

    def add(self, path: str, body: str | bytes, *, status: int = 200, ctype: str = "text/html; charset=utf-8",
            delay: float = 0.0, headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, ctype, data, delay, headers or {})
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def site() -> Iterator[_Site]:
    s = _Site()
    yield s
    s.close()


@pytest.fixture
def fresh(cli):
    """The CLI on a database with the film and nothing else."""
    assert cli("init", "--title", "The Defector").exit_code == 0
    return cli


def _only_coverage(cli) -> dict:
    rows = json.loads(cli("list", "coverage", "--json").stdout)
    assert len(rows) == 1
    return rows[0]


def test_add_coverage_from_a_page_served_on_localhost(fresh, site):
    url = site.add("/review", NKNEWS)
    r = fresh("add", "coverage", "--url", url, "--kind", "review")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "From the page: headline 'Film Review: The Defector', outlet 'NK News', author 'Nicolle Loughlin',"
        " date 2013-05-20",
        "Added coverage 1: 2013-05-20 NK News: Film Review: The Defector by Nicolle Loughlin [review]",
    ]
    row = _only_coverage(fresh)
    assert row["url"] == url  # the address given stays the link
    assert site.hits == ["/review"]


def test_it_says_what_the_page_did_not_give(fresh, site):
    url = site.add("/globe", OG_ONLY)
    r = fresh("add", "coverage", "--url", url)
    assert r.exit_code == 0, r.stderr
    assert "Not on the page: author (give --author to set it)" in r.stdout.splitlines()
    row = _only_coverage(fresh)
    assert (row["headline"], row["outlet"], row["author"], row["published"]) == (
        "Escape from North Korea, on film", "The Globe and Mail", None, "2013-04-25")


def test_what_is_typed_wins_and_a_fully_typed_command_fetches_nothing(fresh, site):
    url = site.add("/review", NKNEWS)
    r = fresh("add", "coverage", "--url", url, "--outlet", "NKNews.org", "--author", "N. Loughlin")
    assert r.exit_code == 0, r.stderr
    row = _only_coverage(fresh)
    assert (row["outlet"], row["author"], row["headline"]) == ("NKNews.org", "N. Loughlin",
                                                               "Film Review: The Defector")
    other = site.add("/other", NKNEWS)
    r = fresh("add", "coverage", "--url", other, "--outlet", "X", "--headline", "Y", "--date", "2014-01-01")
    assert r.exit_code == 0 and not r.stdout.startswith("From the page")
    assert site.hits == ["/review"]


def test_a_saved_html_file_gives_its_canonical_address(fresh, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(NKNEWS.replace('href="/2013', 'href="https://www.nknews.org/2013'), encoding="utf-8")
    r = fresh("add", "coverage", "--url", str(page))
    assert r.exit_code == 0, r.stderr
    assert _only_coverage(fresh)["url"] == "https://www.nknews.org/2013/05/film-review-the-defector"
    bare = tmp_path / "bare.html"
    bare.write_text("<title>Just a title</title>", encoding="utf-8")
    r = fresh("add", "coverage", "--url", str(bare), "--outlet", "Blog")
    assert r.exit_code == 0, r.stderr
    assert "Not on the page: its web address (no canonical link); added without a link" in r.stdout
    assert "Not on the page: author, date (give --author --date to set them)" in r.stdout


def test_an_unreachable_page_is_one_line_and_adds_nothing(fresh, site):
    port = site.server.server_address[1]
    site.close()  # nothing listens there any more
    r = fresh("add", "coverage", "--url", f"http://127.0.0.1:{port}/gone")
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"Error: could not read the page for the missing fields: cannot read"
                               f" http://127.0.0.1:{port}/gone")
    assert r.stderr.endswith("give --headline and --outlet yourself\n")
    assert json.loads(fresh("list", "coverage", "--json").stdout) == []


def test_private_addresses_are_refused_without_a_connection(fresh):
    started = time.monotonic()
    r = fresh("add", "coverage", "--url", "http://10.1.2.3/admin")
    assert r.exit_code == 1 and time.monotonic() - started < 2
    assert "'10.1.2.3' is a private or local address (10.1.2.3)" in r.stderr
    r = fresh("add", "coverage", "--url", "http://169.254.169.254/latest/meta-data/")
    assert "is a private or local address" in r.stderr


def test_a_redirect_to_a_private_address_is_refused(fresh, site):
    url = site.add("/jump", "", status=302, headers={"Location": "http://169.254.169.254/latest/"})
    r = fresh("add", "coverage", "--url", url)
    assert r.exit_code == 1
    assert "'169.254.169.254' is a private or local address" in r.stderr


def test_only_a_typed_localhost_may_be_local():
    ips, local = metadata._allowed_addresses("localhost", 80, local_ok=True)
    assert local and all(ip in ("127.0.0.1", "::1") for ip in ips)
    with pytest.raises(metadata.FetchRefused, match="private or local address"):
        metadata._allowed_addresses("localhost", 80, local_ok=False)  # e.g. after a public page's redirect


def test_a_name_that_never_resolves_ends_at_the_deadline(fresh, monkeypatch):
    # The system resolver has no timeout: a lookup that hangs must still end at the one deadline.
    import socket
    import time

    def hang(*args, **kwargs):
        time.sleep(3)
        raise socket.gaierror("never")

    monkeypatch.setattr(metadata, "TIMEOUT_S", 0.5)
    monkeypatch.setattr(socket, "getaddrinfo", hang)
    started = time.monotonic()
    r = fresh("add", "coverage", "--url", "https://slow-dns.example/review")
    assert r.exit_code == 1
    assert r.stderr == ("Error: could not read the page for the missing fields: https://slow-dns.example/review"
                        " took longer than 0.5 s (looking up its address); give --headline and --outlet yourself\n")
    assert time.monotonic() - started < 2.5


def test_slow_large_and_non_html_pages(fresh, site, monkeypatch):
    monkeypatch.setattr(metadata, "TIMEOUT_S", 0.5)
    slow = site.add("/slow", NKNEWS, delay=2)
    r = fresh("add", "coverage", "--url", slow)
    assert r.exit_code == 1 and "took longer than 0.5 s" in r.stderr
    monkeypatch.setattr(metadata, "TIMEOUT_S", 10)
    monkeypatch.setattr(metadata, "MAX_BYTES", 50_000)
    head = NKNEWS.split("</head>")[0]  # no end of head: the reader stops at its cap, not at the page's end
    big = site.add("/big", head + "<p>" + "x" * 5_000_000)
    r = fresh("add", "coverage", "--url", big)
    assert r.exit_code == 0, r.stderr
    assert _only_coverage(fresh)["headline"] == "Film Review: The Defector"
    pdf = site.add("/file.pdf", b"%PDF-1.7", ctype="application/pdf")
    r = fresh("add", "coverage", "--url", pdf)
    assert r.exit_code == 1 and f"{pdf} is not a web page (application/pdf)" in r.stderr


def test_file_urls_are_refused(fresh, tmp_path):
    page = tmp_path / "p.html"
    page.write_text(NKNEWS, encoding="utf-8")
    r = fresh("add", "coverage", "--url", page.as_uri())
    assert (r.exit_code, r.stderr) == (
        1, f"Error: could not read the page for the missing fields: {page.as_uri()!r}: give the file's path"
           " itself, not a file: URL; give --headline and --outlet yourself\n")


# ----------------------------------------------------------------------------------------- conveniences


def _presskit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / ".venv" / "bin" / "presskit"), *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


def test_version():
    r = _presskit("--version")
    assert (r.returncode, r.stdout, r.stderr) == (0, f"presskit {__version__}\n", "")
    assert __version__ == "0.1.0"


def test_shell_completion_as_documented(tmp_path):
    script = _presskit("--show-completion", "bash")
    assert script.returncode == 0 and "_PRESSKIT_COMPLETE=complete_bash" in script.stdout
    r = _presskit(env={"_PRESSKIT_COMPLETE": "complete_bash", "COMP_WORDS": "presskit cal",
                       "COMP_CWORD": "1"})
    assert r.stdout.split() == ["calendar"]
    r = _presskit(env={"_PRESSKIT_COMPLETE": "complete_bash", "COMP_WORDS": "presskit add cov",
                       "COMP_CWORD": "2"})
    assert r.stdout.split() == ["coverage"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "presskit --install-completion" in readme and "presskit --show-completion" in readme


# ------------------------------------------------------------------------------------ one deadline (issue 15)


class _Trickle:
    """A loopback server that answers any request one byte every ``gap`` seconds: the status line and headers
    (``slow="headers"``) or, after prompt headers, the body (``slow="body"``)."""

    def __init__(self, slow: str, gap: float = 0.1) -> None:
        import socketserver

        page = NKNEWS.encode("utf-8")
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(page)}\r\n\r\n").encode()
        stop = self.stop = threading.Event()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.recv(65536)
                if slow == "body":
                    self.request.sendall(head)
                for byte in (head + page if slow == "headers" else page):
                    if stop.wait(gap):
                        return
                    try:
                        self.request.sendall(bytes([byte]))
                    except OSError:
                        return  # the client hung up at its deadline

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/review"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("slow", ["headers", "body"])
def test_the_deadline_covers_a_server_that_trickles_bytes(slow, fresh, monkeypatch):
    monkeypatch.setattr(metadata, "TIMEOUT_S", 1.0)
    server = _Trickle(slow)
    try:
        started = time.monotonic()
        r = fresh("add", "coverage", "--url", server.url)
        took = time.monotonic() - started
    finally:
        server.close()
    assert r.stderr == (f"Error: could not read the page for the missing fields: {server.url} took longer than"
                        " 1 s; give --headline and --outlet yourself\n")
    assert r.exit_code == 1
    assert took < 2.5  # each byte came within the socket timeout; only the whole request's deadline stops it
    assert json.loads(fresh("list", "coverage", "--json").stdout) == []


def test_a_typed_local_page_may_not_redirect_to_another_local_port(fresh, site):
    other = _Site()
    try:
        target = other.add("/admin", NKNEWS)
        jump = site.add("/jump", "", status=302, headers={"Location": target})
        r = fresh("add", "coverage", "--url", jump)
    finally:
        other.close()
    assert r.stderr == (f"Error: could not read the page for the missing fields: {jump} redirects to {target},"
                        " another program on this machine; give that address yourself if you mean it; give"
                        " --headline and --outlet yourself\n")
    assert r.exit_code == 1 and other.hits == []
    same = site.add("/moved", "", status=301, headers={"Location": site.url("/page")})
    site.add("/page", NKNEWS)
    assert fresh("add", "coverage", "--url", same).exit_code == 0  # the same local port stays allowed
