"""A real Neo4j Community 5.26 server for the tests, from the launcher in neo4j_launcher/.

The launcher is built with Maven (dependencies cached in ~/.m2) and started once per
test session on a free port chosen by the operating system, with a temporary data
directory that is removed when it stops. With CI=true a server that cannot be built or
started fails the tests loudly; elsewhere the tests skip and say exactly why.

Import the fixture into a test module (every module shares the one server):

    from neo4j_server import neo4j_server, neo4j_uri  # noqa: F401
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LAUNCHER_DIR = Path(__file__).resolve().parent.parent / "neo4j_launcher"
JAR = LAUNCHER_DIR / "target" / "neo4j-launcher.jar"
CLASSPATH_FILE = LAUNCHER_DIR / "target" / "classpath.txt"
MAIN_CLASS = "sendkg.neo4j.Launcher"
# C1 only: a third less CPU to start, and test workloads are small.
JVM_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
               "-Xms256m", "-Xmx1g")
BUILD_TIMEOUT = 900  # first build downloads ~175 MB of Neo4j artifacts
START_TIMEOUT = 180


class ServerUnavailable(Exception):
    """The test server could not be built or started; the message says why."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_tools() -> str | None:
    """Why the launcher cannot be built or run here, or None when it can."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if not missing:
        return None
    names = {"java": "Java 17+ (`java`)", "mvn": "Maven (`mvn`)"}
    return (f"Neo4j test server needs {' and '.join(names[m] for m in missing)} on PATH "
            "to build and run neo4j_launcher/ (Debian: apt-get install openjdk-17-jdk-headless maven)")


def _sources() -> list[Path]:
    return [LAUNCHER_DIR / "pom.xml", *sorted((LAUNCHER_DIR / "src").rglob("*.java"))]


def _built() -> bool:
    """Jar and classpath are newer than the sources and every listed jar still exists."""
    if not (JAR.exists() and CLASSPATH_FILE.exists()):
        return False
    newest_source = max(p.stat().st_mtime for p in _sources())
    if min(JAR.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime) < newest_source:
        return False
    return all(Path(jar).exists() for jar in _read_classpath())


def _read_classpath() -> list[str]:
    return [p for p in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if p]


def build_launcher() -> str:
    """Build the launcher if needed; return the Java class path to run it with."""
    if not _built():
        try:
            done = subprocess.run(["mvn", "-q", "-B", "package"], cwd=LAUNCHER_DIR,
                                  capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ServerUnavailable(f"Maven build of {LAUNCHER_DIR} took over "
                                    f"{BUILD_TIMEOUT}s") from None
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise ServerUnavailable(f"Maven build of {LAUNCHER_DIR} failed "
                                    f"(exit {done.returncode}):\n{tail}")
    return os.pathsep.join([str(JAR), *_read_classpath()])


@dataclass
class Neo4jServer:
    """A running launcher process: its Bolt URI, data directory and output."""

    process: subprocess.Popen
    data_dir: Path
    uri: str = ""
    output: deque = field(default_factory=lambda: deque(maxlen=50))
    startup_seconds: float = 0.0

    def stop(self, timeout: float = 60) -> None:
        """Close stdin (the launcher shuts down on end of input), then TERM, then KILL."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout)
            except (OSError, subprocess.TimeoutExpired):
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _read_output(server: Neo4jServer, ready: threading.Event) -> None:
    for line in server.process.stdout:
        server.output.append(line.rstrip())
        if line.startswith("READY "):
            server.uri = line.split(maxsplit=1)[1].strip()
            ready.set()
    ready.set()  # the process ended: wake the waiter, which sees no URI


def start_server(classpath: str, port: int = 0, timeout: float = START_TIMEOUT,
                 auth: bool = False, jvm_options: tuple[str, ...] = JVM_OPTIONS,
                 data_dir: Path | None = None) -> Neo4jServer:
    """Start the launcher on 127.0.0.1:port (0: any free port) with a fresh data dir, or
    with the Neo4j home `data_dir` (its databases in data_dir/data/databases; removed
    when the server stops); `auth=True` turns authentication on (user neo4j whose
    password must still be set)."""
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="sendkg-neo4j-"))
    command = ["java", *jvm_options, "-cp", classpath, MAIN_CLASS,
               "--data", str(data_dir), "--port", str(port), "--stop-on-eof",
               *(["--auth"] if auth else [])]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    server = Neo4jServer(process, data_dir)
    ready = threading.Event()
    threading.Thread(target=_read_output, args=(server, ready), daemon=True).start()
    if not ready.wait(timeout) or not server.uri:
        server.stop(timeout=10)
        log = "\n".join(server.output) or "(no output)"
        raise ServerUnavailable(f"Neo4j launcher did not report READY within {timeout:.0f}s "
                                f"(exit code {process.poll()}):\n{log}")
    server.startup_seconds = time.perf_counter() - began
    return server


ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # neo4j-admin's main class, on the launcher's path


def neo4j_admin(classpath: str, home: Path, *args: str, cwd: Path,
                timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `neo4j-admin ARGS` from the launcher's own Neo4j 5.26 jars against the Neo4j
    home `home` (the folder the launcher's --data names), with an empty neo4j.conf in
    home/conf, so its databases are the ones a server started on `home` opens."""
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    return subprocess.run(["java", *JVM_OPTIONS, "-cp", classpath, ADMIN_CLASS, *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


_shared: dict[str, object] = {}


def shared_server() -> Neo4jServer:
    """The session's one server, started on first use; failure is remembered, not retried."""
    if "error" in _shared:
        raise _shared["error"]
    if "server" not in _shared:
        try:
            reason = missing_tools()
            if reason:
                raise ServerUnavailable(reason)
            _shared["server"] = start_server(build_launcher())
        except ServerUnavailable as error:
            _shared["error"] = error
            raise
    return _shared["server"]


def stop_shared_server() -> None:
    server = _shared.pop("server", None)
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_server():
    """The running test server. CI=true: fail loudly if unavailable; else skip with why."""
    try:
        server = shared_server()
    except ServerUnavailable as error:
        if in_ci():
            pytest.fail(f"CI=true and the Neo4j test server is unavailable: {error}",
                        pytrace=False)
        pytest.skip(str(error))
    yield server
    stop_shared_server()


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server) -> str:
    return neo4j_server.uri
