"""Start and stop gunicorn for the benchmarks, on a prepared database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, serving benchmarks/bench_app.py."""

    def __init__(self, database_url: str, folder: Path, **env: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "benchmark-" + "x" * 40,
                    "SESSION_COOKIE_SECURE": "false", "DATABASE_URL": database_url,
                    "INSTANCE_PATH": str(folder / "instance"), "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "GUNICORN_ACCESS_LOG": "/dev/null", **env}
        self.process = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
             "--chdir", str(ROOT / "benchmarks"), "bench_app:create()"], env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/floor", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def machine() -> str:
    """One line describing the machine."""
    import platform

    return f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
