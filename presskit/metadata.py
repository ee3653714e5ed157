"""What a web page says about itself: headline, outlet, author, date and canonical URL of a piece of coverage.

Read from schema.org JSON-LD (NewsArticle, Review, ...) first, then OpenGraph/article meta tags, then the
plain <title> and <meta name="author">. ``presskit add coverage --url URL`` fills what was not typed.

Fetching is guarded because a URL can point anywhere (SSRF): only http(s); the host must resolve to public
addresses only, or be typed as localhost/127.0.0.1/[::1] itself (a page served on one's own machine); the
connection goes to the address that was checked (no second DNS answer); each redirect is checked the same way
and may not lead from a public host to a local one, nor from a local page to another local port; one deadline
covers the whole request (connecting, headers and body however slowly they come) and a size cap bounds the
read; only HTML is parsed. A local file is read only when given as a plain path (a ``file:`` URL is refused).
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from presskit.errors import InvalidInput

TIMEOUT_S = 10.0
MAX_BYTES = 2_000_000
MAX_REDIRECTS = 5
USER_AGENT = "presskit (coverage metadata; +https://pypi.org/project/presskit-film/)"
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "reviewnewsarticle", "review", "criticreview", "blogposting",
                 "socialmediaposting", "webpage", "videoobject", "interviewnewsarticle"}


class FetchRefused(InvalidInput):
    """The page cannot or may not be read; the message says why."""


@dataclass
class PageMeta:
    headline: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    source: dict[str, str] = field(default_factory=dict)  # field -> where it came from (json-ld, og, ...)

    def get(self, name: str) -> Any:
        return getattr(self, name)


# ------------------------------------------------------------------------------------------------ parsing


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.jsonld: list[str] = []
        self.title = ""
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip() and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "link" and a.get("href"):
            for rel in a.get("rel", "").lower().split():
                self.links.setdefault(rel, a["href"].strip())
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._in, self._buf = "jsonld", []
        elif tag == "title" and not self.title:
            self._in, self._buf = "title", []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in == "jsonld" and tag == "script":
            self.jsonld.append("".join(self._buf))
            self._in = None
        elif self._in == "title" and tag == "title":
            self.title = " ".join("".join(self._buf).split())
            self._in = None


def _clean(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _names(value: Any) -> list[str]:
    """Author or publisher as names: a string, {"name": ...}, or a list of those."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        name = _clean(value.get("name"))
        return [name] if name else []
    name = _clean(value)
    # A profile URL is not a name.
    return [name] if name and not re.match(r"^https?://", name) else []


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    return {str(x).lower() for x in (t if isinstance(t, list) else [t]) if x}


def _nodes(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    stack = data if isinstance(data, list) else [data]
    out = []
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            out.append(node)
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
        elif isinstance(node, list):
            stack.extend(node)
    return out


def _date(value: str | None) -> date | None:
    """The publication's own calendar date: '2013-05-20T09:00:00-04:00' is May 20 wherever this runs."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _http(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    full = urljoin(base or "", url.strip())
    parts = urlsplit(full)
    return full if parts.scheme in ("http", "https") and parts.netloc else None


def parse(html: str, base_url: str | None = None) -> PageMeta:
    """Metadata of an HTML page; fields the page does not state stay None."""
    c = _Collector()
    c.feed(html)
    c.close()
    meta = PageMeta()

    def put(name: str, value: Any, source: str) -> None:
        if value and getattr(meta, name) is None:
            setattr(meta, name, value)
            meta.source[name] = source

    articles = [n for text in c.jsonld for n in _nodes(text) if _types(n) & ARTICLE_TYPES]
    # A page's main piece before a generic WebPage node describing the page around it.
    articles.sort(key=lambda n: "webpage" in _types(n))
    for node in articles:
        put("headline", _clean(node.get("headline")) or _clean(node.get("name")), "JSON-LD")
        put("outlet", next(iter(_names(node.get("publisher"))), None), "JSON-LD")
        authors = _names(node.get("author"))
        put("author", " and ".join(authors) if authors else None, "JSON-LD")
        put("published", _date(node.get("datePublished") or node.get("uploadDate")), "JSON-LD")
        put("url", _http(node.get("url"), base_url), "JSON-LD")
    m = c.meta
    put("headline", _clean(m.get("og:title")) or _clean(m.get("twitter:title")), "OpenGraph")
    put("outlet", _clean(m.get("og:site_name")) or _clean(m.get("application-name")), "OpenGraph")
    put("author", next(iter(_names(m.get("article:author"))), None) or _clean(m.get("author"))
        or _clean(m.get("parsely-author")) or _clean(m.get("dc.creator")), "meta")
    put("published", _date(m.get("article:published_time") or m.get("og:published_time")
                           or m.get("datepublished") or m.get("date") or m.get("pubdate")
                           or m.get("dc.date.issued") or m.get("dc.date")), "meta")
    put("url", _http(c.links.get("canonical"), base_url) or _http(m.get("og:url"), base_url), "canonical")
    title = c.title
    if title and meta.outlet:
        # "Film Review: The Defector | NKNews.org": the outlet's name is not part of the headline.
        title = re.sub(rf"\s*[|\-–—:]\s*{re.escape(meta.outlet)}\s*$", "", title, flags=re.I) or title
    put("headline", _clean(title), "title")
    return meta


# ----------------------------------------------------------------------------------------------- reading


def _resolve(name: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo within ``timeout`` seconds: the system resolver has no timeout of its own, so it runs in a
    daemon thread that is left behind (and ends with the process) when the deadline passes first."""
    found: list[Any] = []
    failed: list[BaseException] = []

    def lookup() -> None:
        try:
            found.extend(socket.getaddrinfo(name, port, type=socket.SOCK_STREAM))
        except BaseException as e:  # handed to the caller's thread
            failed.append(e)

    worker = threading.Thread(target=lookup, name="presskit-resolve", daemon=True)
    worker.start()
    worker.join(max(0.0, timeout))
    if worker.is_alive():
        raise TimeoutError(name)
    if failed:
        raise failed[0]
    return found


def _allowed_addresses(host: str, port: int, *, local_ok: bool,
                       timeout: float = TIMEOUT_S) -> tuple[list[str], bool]:
    """The addresses to connect to, and whether the host is an explicitly typed local one."""
    name = host.strip("[]").lower().rstrip(".")
    try:
        infos = _resolve(name, port, timeout)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchRefused(f"cannot resolve {host!r} ({getattr(e, 'strerror', None) or e}); check the address,"
                           " or the network") from None
    ips = sorted({str(info[4][0]) for info in infos})
    parsed = [ipaddress.ip_address(ip.split("%")[0]) for ip in ips]
    if name in LOCAL_NAMES and local_ok and all(ip.is_loopback for ip in parsed):
        return ips, True
    bad = [str(ip) for ip in parsed if not ip.is_global]
    if bad:
        raise FetchRefused(f"{host!r} is a private or local address ({', '.join(bad)}); presskit reads pages"
                           " on public hosts, or on localhost when you type localhost yourself")
    return ips, False


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = sock  # the deadline's timer can end a slow TLS handshake too
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _charset(content_type: str) -> str:
    m = re.search(r"charset=([\w.-]+)", content_type, re.I)
    return m.group(1) if m else "utf-8"


def _cut(conn: http.client.HTTPConnection, cut: threading.Event) -> None:
    """At the deadline: end the connection, which wakes a read that is waiting for the next slow byte."""
    cut.set()
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """The HTML at ``url`` and the URL it was finally read from, within the guards above."""
    body, ctype, final = get(url, timeout=timeout, max_bytes=max_bytes)
    return body.decode(_charset(ctype), errors="replace"), final


_PAGE_TYPES = r"\s*(text/html|application/xhtml\+xml)"


def get(url: str, *, timeout: float | None = None, max_bytes: int | None = None, accept: str = "text/html",
        types: str = _PAGE_TYPES, what: str = "a web page") -> tuple[bytes, str, str]:
    """The body at ``url`` (a page: up to its ``</head>``), its Content-Type and the URL it was finally read
    from, within the guards above. ``types`` is the Content-Type pattern accepted (``what`` names it)."""
    page = types == _PAGE_TYPES
    timeout = TIMEOUT_S if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    deadline = time.monotonic() + timeout
    local_ok = True
    local_origin: tuple[str, int] | None = None
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"{current!r} is not an http(s) URL; presskit reads web pages and local files")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchRefused(f"{current!r} has a port that is not a number from 0 to 65535") from None
        try:
            ips, is_local = _allowed_addresses(parts.hostname, port, local_ok=local_ok,
                                               timeout=deadline - time.monotonic())
        except TimeoutError:
            raise FetchRefused(f"{current} took longer than {timeout:g} s (looking up its address)") from None
        local_ok = is_local  # a public page may not redirect to the local machine
        if is_local:
            # The page typed is on this machine: its redirects stay on that host and port (another local
            # port is another program, which the user did not name).
            here = (parts.hostname.lower(), port)
            if local_origin is not None and here != local_origin:
                raise FetchRefused(f"{url} redirects to {current}, another program on this machine; give that"
                                   " address yourself if you mean it")
            local_origin = here
        cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchRefused(f"{current} took longer than {timeout:g} s")
        conn = cls(parts.hostname, ips[0], port, timeout=max(0.1, left))
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        resp = None
        cut = threading.Event()
        # Socket timeouts bound each wait, not the sum: a server sending a byte every second would never
        # trip one. The timer ends the connection at the deadline, whatever it is waiting for.
        timer = threading.Timer(max(0.0, left), _cut, (conn, cut))
        timer.daemon = True
        timer.start()
        try:
            conn.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": accept,
                                                 "Accept-Encoding": "identity"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
                current = urljoin(current, resp.getheader("Location", ""))
                continue
            if resp.status != 200:
                raise FetchRefused(f"{current} answered HTTP {resp.status} {resp.reason}")
            ctype = resp.getheader("Content-Type", "text/html" if page else "")
            if not re.match(types, ctype, re.I):
                raise FetchRefused(f"{current} is not {what} ({ctype.split(';')[0] or 'no Content-Type'})")
            body = bytearray()
            while len(body) < max_bytes and not cut.is_set():
                chunk = resp.read1(min(65536, max_bytes - len(body)))
                if not chunk:
                    break
                body += chunk
                if page and b"</head>" in body.lower():
                    break  # the metadata is in the head: the rest of a long page is not needed
            if cut.is_set():
                raise TimeoutError
            if not page and len(body) >= max_bytes and resp.read1(1):
                raise FetchRefused(f"{current} is larger than {max_bytes // 2**20} MB")
            return bytes(body), ctype, current
        except (TimeoutError, OSError, http.client.HTTPException) as e:
            if cut.is_set() or isinstance(e, TimeoutError):
                raise FetchRefused(f"{current} took longer than {timeout:g} s") from None
            raise FetchRefused(f"cannot read {current} ({e})") from None
        finally:
            timer.cancel()
            # The response holds the socket open after the connection lets go of it.
            if resp is not None:
                resp.close()
            conn.close()
    raise FetchRefused(f"{url} redirects more than {MAX_REDIRECTS} times")


def read(target: str) -> tuple[PageMeta, bool]:
    """Metadata of ``target`` (a local HTML file's plain path, or an http(s) URL); was it local?"""
    text = target.strip()
    scheme = urlsplit(text).scheme.lower()
    if scheme == "file":
        raise FetchRefused(f"{text!r}: give the file's path itself, not a file: URL")
    if scheme in ("http", "https"):
        html, final = fetch(text)
        return parse(html, final), False
    path = Path(text).expanduser()
    if not path.is_file():
        raise FetchRefused(f"{text!r} is neither an http(s) URL nor a file here")
    if path.stat().st_size > MAX_BYTES * 5:
        raise FetchRefused(f"{text!r} is too large for a web page")
    return parse(path.read_text(encoding="utf-8", errors="replace")), True


# ------------------------------------------------------------------------------------- add coverage --url

FILLABLE = (("headline", "--headline"), ("outlet", "--outlet"), ("author", "--author"),
            ("published", "--date"))


def fill_coverage(values: dict[str, Any]) -> list[str]:
    """What `add coverage --url` was not given comes from the page's own metadata, into ``values``; the lines
    returned tell the user what was filled and what was not.

    A saved HTML file is always read (its canonical URL becomes the link); a web page only when the headline
    or the outlet is missing, so a fully typed command never touches the network.
    """
    target = str(values["url"]).strip()
    is_web = target.lower().startswith(("http://", "https://"))
    missing = [name for name, _ in FILLABLE if values.get(name) in (None, "")]
    if is_web and not ({"headline", "outlet"} & set(missing)):
        return []
    if not is_web and not target.lower().startswith("file:") and not Path(target).expanduser().is_file():
        return []  # not a file: the URL check in `add` says what is wrong with it
    try:
        meta, local = read(target)
    except FetchRefused as e:
        needed = [opt for name, opt in FILLABLE if name in missing and name in ("headline", "outlet")]
        raise InvalidInput(f"could not read the page for the missing fields: {e}; give {' and '.join(needed)}"
                           " yourself" if needed else f"could not read {target!r}: {e}") from None
    lines: list[str] = []
    filled = [name for name in missing if meta.get(name) is not None]
    for name in filled:
        values[name] = meta.get(name)
    if filled:
        said = ", ".join(f"date {meta.get(n)}" if n == "published" else f"{n} {meta.get(n)!r}"
                         for n in filled)
        lines.append(f"From the page: {said}")
    if local:
        values["url"] = meta.url
        if meta.url is None:
            lines.append("Not on the page: its web address (no canonical link); added without a link")
    unfilled = [opt for name, opt in FILLABLE if name in missing and name not in filled]
    if unfilled:
        lines.append(f"Not on the page: {', '.join(o.lstrip('-') for o in unfilled)}"
                     f" (give {' '.join(unfilled)} to set {'it' if len(unfilled) == 1 else 'them'})")
    return lines
