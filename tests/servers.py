"""Real SPARQL servers for the tests, started on free loopback ports and always stopped.

Each helper skips the test, saying why, only when the server's binary is absent
(CI installs every one of them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from graph.serve import free_port

HOST = "127.0.0.1"
VIRTUOSO = Path(os.environ.get("AKG_VIRTUOSO", "/usr/bin/virtuoso-t"))
ISQL = Path(os.environ.get("AKG_ISQL", "/usr/bin/isql-vt"))
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
#: The account the tests give update rights on Virtuoso (digest auth on /sparql-auth).
VIRTUOSO_USER = "akg"
VIRTUOSO_PASSWORD = "akg-test-pw"


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary beside this Python, or skip."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.skip('the oxigraph server binary is absent: pip install "oxigraph"')
    return found


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until ``url`` answers 200, failing if ``process`` exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server started here, killing it if it does not stop."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class OxigraphServer:
    """An ``oxigraph serve`` process on a folder; can be killed and started again."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def store(self) -> str:
        return f"sparql+http://{HOST}:{self.port}/query"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve",
                "--location",
                str(self.folder),
                "--bind",
                f"{HOST}:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"http://{HOST}:{self.port}/query?query=ASK%7B%7D", self.process)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[OxigraphServer]:
    """A read-write Oxigraph server on a free loopback port, stopped afterwards."""
    server = OxigraphServer(folder, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class VirtuosoServer:
    """A private Virtuoso: its own folder and config, loopback-only ports."""

    http_port: int
    sql_port: int

    @property
    def store(self) -> str:
        """Queries and updates on /sparql-auth (digest auth)."""
        return f"sparql+http://{HOST}:{self.http_port}/sparql-auth"

    @property
    def public(self) -> str:
        return f"http://{HOST}:{self.http_port}/sparql"


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {host}:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {host}:{http}
ServerRoot = {vsp}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[VirtuosoServer]:
    """Virtuoso Open Source (Debian virtuoso-opensource) with a test account, stopped afterwards."""
    if not VIRTUOSO.exists() or not ISQL.exists():
        pytest.skip(
            f"Virtuoso is absent ({VIRTUOSO}, {ISQL}); install Debian package virtuoso-opensource"
        )
    folder.mkdir(parents=True, exist_ok=True)
    server = VirtuosoServer(free_port(), free_port())
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            d=folder, host=HOST, sql=server.sql_port, http=server.http_port, vsp=VIRTUOSO_VSP
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(VIRTUOSO), "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(server.public + "?query=ASK%7B%7D", process)
        admin_password = "dba-" + os.urandom(6).hex()
        commands = (
            f"USER_SET_PASSWORD('dba', '{admin_password}'); "
            f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
            f'GRANT SPARQL_SELECT TO "{VIRTUOSO_USER}"; '
            f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";'
        )
        subprocess.run(
            [str(ISQL), f"{HOST}:{server.sql_port}", "dba", "dba", f"exec={commands}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield server
    finally:
        stop(process)


# ---------------------------------------------------------------------------
# A news site: pages, feeds and every way the web fails
# ---------------------------------------------------------------------------

WEB = Path(__file__).parent / "data" / "web"


@dataclass
class NewsSite:
    """A local HTTP server over ``tests/data/web`` plus the endpoints that fail on purpose.

    ``requests`` lists every path asked for, in order, with the User-Agent it came with.
    """

    url: str
    requests: list[tuple[str, str]]
    #: Paths served from memory, which a test may change: path -> (Content-Type, body).
    extra: dict[str, tuple[str, bytes]]


def _site_handler(
    requests: list[tuple[str, str]],
    release: threading.Event,
    huge: int,
    extra: dict[str, tuple[str, bytes]],
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, status: int, kind: str, body: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            requests.append((path, self.headers.get("User-Agent", "")))
            if path in extra:
                self._send(200, *extra[path])
            elif path == "/robots.txt":
                self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
            elif path == "/loop":
                self._send(302, "text/html", b"", Location="/loop")
            elif path == "/moved":
                self._send(301, "text/html", b"", Location="/pages/nissan-ampere.html")
            elif path == "/slow":
                release.wait(30)  # answers only when the test is over
                self._send(200, "text/html", b"<html><body><p>Too late.</p></body></html>")
            elif path == "/huge.html":
                paragraph = b"<p>Honda and Nissan agreed to share parts. </p>"
                body = (
                    b"<html><body>" + paragraph * (huge // len(paragraph) + 1) + b"</body></html>"
                )
                self._send(200, "text/html", body)
            elif path == "/plain.txt":
                self._send(200, "text/plain", b"Toyota and Mazda signed an alliance.")
            elif path == "/error":
                self._send(503, "text/html", b"<html><body>Busy</body></html>")
            else:
                self._file(path)

        def _file(self, path: str) -> None:
            file = (WEB / path.lstrip("/")).resolve()
            if WEB.resolve() not in file.parents or not file.is_file():
                self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
                return
            kind = {
                ".html": "text/html; charset=utf-8",
                ".xml": "application/rss+xml",
                ".atom": "application/atom+xml",
            }.get(file.suffix, "application/octet-stream")
            self._send(200, kind, file.read_bytes())

    return Handler


@contextmanager
def news_site(huge: int = 200_000) -> Iterator[NewsSite]:
    """Serve the saved pages and feeds on a free loopback port for the length of a test."""
    requests: list[tuple[str, str]] = []
    extra: dict[str, tuple[str, bytes]] = {}
    release = threading.Event()
    server = ThreadingHTTPServer((HOST, 0), _site_handler(requests, release, huge, extra))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield NewsSite(f"http://{HOST}:{server.server_address[1]}", requests, extra)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join()
