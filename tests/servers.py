"""gunicorn, the production server, started for tests in its own process group."""

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
STRONG_KEY = "tests-secret-key-" + "s" * 40


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py 'assessment:create_app()'` on a database, stopped or killed at will."""

    def __init__(self, database_url: str, folder: Path, port: int | None = None, log: Path | None = None, **env):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": STRONG_KEY, "SESSION_COOKIE_SECURE": "false",
                    "DATABASE_URL": database_url, "INSTANCE_PATH": str(folder / "instance"),
                    "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2",
                    "GUNICORN_ACCESS_LOG": "-" if log else "/dev/null", **env}
        self.process: subprocess.Popen | None = None

    def _popen(self, output) -> subprocess.Popen:
        """The gunicorn process, in its own process group, stdout and stderr to `output`."""
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
             "assessment:create_app()"], env=self.env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            text=True, start_new_session=True)

    def start(self) -> Gunicorn:
        """Start and wait until /healthz answers."""
        output = self.log.open("a") if self.log else subprocess.DEVNULL
        try:
            self.process = self._popen(output)
        finally:
            if self.log:
                output.close()  # the child keeps its own copy
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited at start") from None
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def exit_status(self, timeout: float = 60) -> tuple[int, str]:
        """Start gunicorn expecting it to stop by itself: its exit status and output (killed after `timeout`)."""
        process = self._popen(subprocess.PIPE)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            raise AssertionError(f"gunicorn still running after {timeout} s:\n{output[-3000:]}") from None
        return process.returncode, output

    def stop(self) -> None:
        """A graceful stop (SIGTERM)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)

    def kill(self) -> None:
        """SIGKILL to the master and every worker: no chance to finish anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Worker:
    """`sovereign-ai worker`, rendering reports from the queue that a web app with the same `env` feeds."""

    def __init__(self, env: dict, log: Path | None = None, workers: int = 1):
        self.env, self.log, self.workers = env, log, workers
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        """Start the worker process (it picks up queued reports as soon as it has started)."""
        output = self.log.open("a") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "sovereign-ai"), "worker", "--workers", str(self.workers)],
                env=self.env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if self.log:
                output.close()  # the child keeps its own copy
        return self

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to the whole group if it does not stop within a minute."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
