"""The processes a test starts: the gateway and the TDS devserver, on loopback.

Every process listens on a port the OS picks; every wait is bounded; everything started is stopped at exit.
"""
import atexit
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from gwtest.http_client import Http

_started = []


def _stop_all():
    for proc in _started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


atexit.register(_stop_all)


def _read_if_exists(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def _print_threads(pid):
    """Every thread's stack of a process that hangs, to the test's output (where gdb is installed), so a hang
    in CI can be taken apart without reproducing it."""
    try:
        result = subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "thread apply all bt"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        sys.stderr.write(result.stdout)
    except (OSError, subprocess.TimeoutExpired) as e:
        sys.stderr.write("no thread stacks: %s\n" % e)


def gateway_binary():
    path = os.environ.get("GATEWAY_BIN")
    if not path:
        raise SystemExit("GATEWAY_BIN is not set (meson passes it)")
    return path


class Gateway:
    """A running `mssql-mcp-gateway serve` with a config written from text. `port` 0 lets the OS pick; a
    restart passes the port an earlier gateway had, so its public URL (its tokens' audience) stays the same."""

    def __init__(self, config_text, env=None, wait_seconds=15, port=0):
        self.dir = tempfile.mkdtemp(prefix="gw-test-")
        self.config_path = os.path.join(self.dir, "tenants.yaml")
        with open(self.config_path, "w") as f:
            f.write(config_text.replace("@DATA_DIR@", os.path.join(self.dir, "data")))
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.log_lines = []
        self.proc = subprocess.Popen(
            [gateway_binary(), "serve", "--config", self.config_path, "--listen", "127.0.0.1:%d" % port],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=full_env, text=True)
        _started.append(self.proc)
        # One thread drains stderr into log_lines, so no line is lost between a select() and a buffered read.
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.port = self._wait_for_listening(wait_seconds)
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = Http(self.port)

    def _drain(self):
        for line in self.proc.stderr:
            self.log_lines.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def _wait_for_listening(self, wait_seconds):
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "listening":
                return int(entry["address"].rsplit(":", 1)[1])
        raise AssertionError("gateway did not start: " + "".join(self.log_lines))

    def request(self, method, path, headers=None, body=None, timeout=10):
        """Returns (status, headers dict with lower-case names, body text)."""
        return self.http.request(method, path, body, headers, timeout)

    def json(self, method, path, headers=None, body=None):
        status, hdrs, text = self.request(method, path, headers, body)
        return status, hdrs, json.loads(text) if text else None

    def restart(self, sig=signal.SIGTERM):
        """Stops this gateway with `sig` and starts another on the same port, config and data directory (so
        the same public URL and stored grants); returns (the exit code, the new Gateway)."""
        code = self.stop(sig)
        with open(self.config_path) as f:
            return code, Gateway(f.read(), port=self.port)

    def stop(self, sig=signal.SIGTERM, timeout=70):
        """Sends sig and returns the exit code; drains the log. The timeout is past the gateway's own bound on
        a graceful shutdown (60 s for running requests), so only a stop that hangs fails here."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _print_threads(self.proc.pid)
            self.proc.kill()
            self._print_report("did not stop; its last lines", self.log_lines[-40:])
            raise AssertionError("gateway did not stop within %d s" % timeout)
        self._reader.join(timeout=5)
        if code != 0 and code != -sig:
            self._print_report("exited with %d; its non-JSON output" % code,
                               [line for line in self.log_lines if not line.startswith("{")][-200:])
        return code

    @staticmethod
    def _print_report(what, lines):
        """A gateway that hung, or ended on its own signal (a sanitizer's abort is -6) or a failure code: what
        it wrote (a sanitizer report, a crash) goes to the test's output, so CI shows why."""
        sys.stderr.write("gateway %s:\n%s" % (what, "".join(lines)))

    def log_text(self):
        return "".join(self.log_lines)


class Devserver:
    """The project's TDS development server with the demo database, on a port the OS picks."""

    LOGIN = "gateway:devserver-password"

    def __init__(self, extra_args=(), wait_seconds=30):
        binary = os.environ.get("TDS_DEVSERVER")
        if not binary:
            raise SystemExit("TDS_DEVSERVER is not set (meson passes it)")
        self.dir = tempfile.mkdtemp(prefix="tds-test-")
        port_file = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [binary, "--db", os.path.join(self.dir, "demo.sqlite"), "--login", self.LOGIN, "--demo",
             "--listen", "127.0.0.1:0", "--port-file", port_file, *extra_args],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "log"), "w"))
        _started.append(self.proc)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            text = _read_if_exists(port_file).strip()
            if text:
                self.port = int(text)
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("tds-devserver did not start: " + _read_if_exists(os.path.join(self.dir, "log")))

    def database_yaml(self, name="DemoDB", **options):
        """The scope's `database:` mapping for this server; `options` adds keys (query_timeout_s=120)."""
        user, password = self.LOGIN.split(":", 1)
        extra = "".join(", %s: %s" % kv for kv in options.items())
        return ("{host: 127.0.0.1, port: %d, name: %s, user: %s, password: %s, encryption: \"off\", "
                "login_timeout_s: 5%s}" % (self.port, name, user, password, extra))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


_shared_devserver = None


def shared_devserver():
    """The test program's one devserver with the demo database, started at first use and stopped at exit:
    test classes that only read from it share it instead of each starting their own."""
    global _shared_devserver
    if _shared_devserver is None:
        _shared_devserver = Devserver()
    return _shared_devserver


def listening_socket():
    """A real TCP listener on a free loopback port (for reachability checks); returns (socket, port)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s, s.getsockname()[1]


def free_port():
    s, port = listening_socket()
    s.close()
    return port
