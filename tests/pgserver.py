"""A throwaway PostgreSQL server for the test session, started from Debian's binaries.

`initdb` refuses to run as root, so when the tests run as root the cluster belongs to the
`postgres` user. The server listens on a free local port and a private socket folder, and is
stopped (and its folder removed) when the session ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bin(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else shutil.which(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    folder: Path
    port: int
    user: str

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start() -> PostgresServer:
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not (initdb and pg_ctl):
        raise PostgresUnavailable("PostgreSQL's initdb/pg_ctl are not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    run = lambda command: subprocess.run(_as_owner(command), check=True, capture_output=True)  # noqa: E731
    try:
        run([initdb, "-D", str(data), "-U", user, "--auth=trust", "--encoding=UTF8", "--no-sync"])
        options = f"-p {port} -k {folder} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off"
        run([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"])
    except subprocess.CalledProcessError as error:
        raise PostgresUnavailable(f"could not start PostgreSQL: {error.stderr.decode()[-500:]}") from error
    return PostgresServer(folder, port, user)


def stop(server: PostgresServer) -> None:
    subprocess.run(
        _as_owner([find_bin("pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate", "stop"]),
        capture_output=True,
    )
    shutil.rmtree(server.folder, ignore_errors=True)
