"""Headless Chromium for tests, driven over the DevTools protocol on a pipe (no extra dependency).

``measure(path, width, screenshot=...)`` loads a local HTML file in a viewport ``width`` px wide (device
metrics are emulated, so 375 px really is 375 px: a plain --window-size cannot go below 500 px) and
returns the page's scrollWidth and innerWidth; it saves a full-page PNG when asked. Network is off.
``dark=True`` renders as a reader in dark mode sees it: the page is told the reader prefers a dark colour scheme,
and Chromium's forced dark mode (its automatic darkening of light pages) is on.
``probe`` is a JavaScript expression whose JSON-able value (or a promise of one) is returned as ``out["probe"]``;
``inject`` is script text run in the page before it (e.g. axe-core's axe.min.js).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

# Debian's /usr/bin/chromium is a wrapper script; the binary itself keeps fds 3 and 4 for the pipe.
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
                "/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-pipe", "--mute-audio",
]


def available() -> bool:
    return Path(CHROMIUM).exists()


def _onto_3_and_4(read_fd: int, write_fd: int) -> None:
    # In the child: move the pipe ends onto fds 3 and 4 without one dup2 clobbering the other.
    r, w = os.dup(read_fd), os.dup(write_fd)
    os.dup2(r, 3)
    os.dup2(w, 4)


# Chromium's forced dark mode: the browser UI dark (prefers-color-scheme: dark) and light pages darkened.
DARK_FLAGS = ["--force-dark-mode", "--blink-settings=forceDarkModeEnabled=true"]


class _Pipe:
    def __init__(self, flags: tuple[str, ...] = ()) -> None:
        self.profile = tempfile.mkdtemp(prefix="presskit-chromium-")
        to_chrome_r, self._to_chrome_w = os.pipe()
        self._from_chrome_r, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, *flags, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=lambda: _onto_3_and_4(to_chrome_r, from_chrome_w),
            close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_chrome_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._to_chrome_w, self._from_chrome_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def _page_session(pipe: _Pipe) -> str:
    """A blank tab with page and network events on: its session id."""
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    pipe.send("Page.enable", session=session)
    pipe.send("Network.enable", session=session)
    return session


def measure(path: str | Path, width: int, screenshot: str | Path | None = None,
            height: int = 900, dark: bool = False, probe: str | None = None,
            inject: str | None = None) -> dict[str, Any]:
    """Open ``path`` at ``width`` px; returns scroll_width, inner_width and the count of failed requests."""
    url = Path(path).resolve().as_uri()
    pipe = _Pipe(tuple(DARK_FLAGS) if dark else ())
    try:
        session = _page_session(pipe)
        pipe.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   # not "mobile": that widens the layout viewport to fit overflowing content and hides it
                   "mobile": False},
                  session=session)
        if dark:  # the flags above, and the same through the protocol, in case a build ignores a flag
            pipe.send("Emulation.setEmulatedMedia",
                      {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}, session=session)
            pipe.send("Emulation.setAutoDarkModeOverride", {"enabled": True}, session=session)
        pipe.send("Page.navigate", {"url": url}, session=session)
        pipe.wait_event("Page.loadEventFired")
        result = pipe.send("Runtime.evaluate", {
            "expression": "JSON.stringify({scroll_width: document.documentElement.scrollWidth,"
                          " inner_width: window.innerWidth, body_height: document.documentElement.scrollHeight})",
            "returnByValue": True}, session=session)
        out = json.loads(result["result"]["value"])
        if inject is not None:
            ran = pipe.send("Runtime.evaluate", {"expression": inject}, session=session)
            if "exceptionDetails" in ran:
                raise RuntimeError(f"the injected script failed: {ran['exceptionDetails']}")
        if probe is not None:
            found = pipe.send("Runtime.evaluate", {
                "expression": f"Promise.resolve({probe}).then(v => JSON.stringify(v))", "awaitPromise": True,
                "returnByValue": True}, session=session, timeout=120)
            if "exceptionDetails" in found:
                raise RuntimeError(f"the probe failed: {found['exceptionDetails']}")
            out["probe"] = json.loads(found["result"]["value"])
        out["failed_requests"] = sum(1 for e in pipe.events if e.get("method") == "Network.loadingFailed")
        if screenshot is not None:
            shot = pipe.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                             session=session)
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
        return out
    finally:
        pipe.close()


def walk(folder: str | Path, pages: list[str]) -> dict[str, Any]:
    """Open each of ``pages`` (paths inside ``folder``) from disk and report what the browser asked for.

    ``outside``: requests for anything not under the folder (the network, or other files); ``failed``: requests
    that failed; ``broken_images``: <img> that did not load; ``internal_links``: every link into the folder,
    as a path inside it (a folder link as its index.html); ``images_loaded``: how many images loaded.
    """
    root = Path(folder).resolve()
    prefix = root.as_uri() + "/"
    out: dict[str, Any] = {"outside": [], "failed": [], "broken_images": [], "internal_links": set(),
                           "images_loaded": 0}
    pipe = _Pipe()
    try:
        session = _page_session(pipe)
        for page in pages:
            pipe.events.clear()
            pipe.send("Page.navigate", {"url": prefix + page}, session=session)
            pipe.wait_event("Page.loadEventFired")
            result = pipe.send("Runtime.evaluate", {
                "expression": "JSON.stringify({images: [...document.images].map(i => [i.currentSrc,"
                              " i.complete && i.naturalWidth > 0]), links: [...document.links].map(a => a.href)})",
                "returnByValue": True}, session=session)
            found = json.loads(result["result"]["value"])
            for e in pipe.events:
                if e.get("method") == "Network.requestWillBeSent":
                    url = e["params"]["request"]["url"]
                    if not url.startswith(prefix) and not url.startswith("data:"):
                        out["outside"].append((page, url))
                elif e.get("method") == "Network.loadingFailed":
                    out["failed"].append((page, e["params"].get("errorText")))
            for src, ok in found["images"]:
                if ok and src.startswith(prefix):
                    out["images_loaded"] += 1
                else:
                    out["broken_images"].append((page, src))
            for href in found["links"]:
                if href.startswith(prefix):
                    rel = href[len(prefix):].split("#")[0]
                    out["internal_links"].add(rel + "index.html" if rel.endswith("/") or not rel else rel)
    finally:
        pipe.close()
    return out
