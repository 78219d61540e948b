"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, a free port, trust auth.

    from pg_server import postgres_server  # a session-scoped pytest fixture

`postgres_server.url(dbname)` creates a database and returns its SQLAlchemy
URL (``postgresql://postgres@127.0.0.1:PORT/dbname``).  The server listens on
127.0.0.1 only, keeps its socket in its data folder, and is stopped and
deleted at the end of the session.  initdb refuses to run as root, so when
the tests run as root the server runs as the ``postgres`` user (`runuser`).
"""

import glob
import os
import pathlib
import pwd
import shutil
import socket
import subprocess
import tempfile

import pytest

SUPERUSER = "postgres"


def bin_dir():
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(pathlib.Path(p).parts[-3]) if pathlib.Path(p).parts[-3].isdigit() else 0)
    return pathlib.Path(found[-1]).parent if found else None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One server process; `start`, `url`, `stop`."""

    def __init__(self, bins):
        self.bins = pathlib.Path(bins)
        self.port = _free_port()
        self.home = pathlib.Path(tempfile.mkdtemp(prefix="autograder-pg-"))
        self.data = self.home / "data"
        self.as_user = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            account = pwd.getpwnam("postgres")
            os.chown(self.home, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, program, *args, timeout=120):
        return subprocess.run([*self.as_user, str(self.bins / program), *args], check=True,
                              capture_output=True, text=True, timeout=timeout)

    def start(self):
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--no-sync",
                  "-E", "UTF8", "--locale=C")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.home} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.home / "server.log"),
                  "-w", "-t", "120", "start")
        return self

    def url(self, dbname):
        """Create the database `dbname` and return its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, dbname)
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def log(self):
        try:
            return (self.home / "server.log").read_text()
        except OSError:
            return ""

    def stop(self):
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A running throwaway server (skips the test when PostgreSQL is not installed)."""
    bins = bin_dir()
    if bins is None:
        pytest.skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    server = PostgresServer(bins)
    try:
        server.start()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        output = getattr(error, "stderr", "") or ""
        server.stop()
        raise RuntimeError(f"could not start PostgreSQL: {error}\n{output}\n{server.log()}") from None
    try:
        yield server
    finally:
        server.stop()
