"""What a test learns about a running process from outside: its memory and threads (/proc), whether it
was built with AddressSanitizer, and whether its log is clean."""
import json
import os


def sanitized():
    """True for a gateway built with AddressSanitizer (scripts/test --sanitize): its memory figures are
    the sanitizer's (freed memory is quarantined), and everything runs a few times slower."""
    with open(os.environ["GATEWAY_BIN"], "rb") as f:
        return b"__asan_init" in f.read()


def proc_status(pid, field):
    """A number from /proc/<pid>/status: VmRSS (KiB), Threads."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s for pid %d" % (field, pid))


def threads_of(pid):
    """Threads at work: the connection threads parked for a later connection (named "gw-parked",
    src/http/connection_threads.h) do not count."""
    working = 0
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, task)) as f:
                working += f.read().strip() != "gw-parked"
        except (FileNotFoundError, ProcessLookupError):  # the thread ended meanwhile (open, or read: ESRCH)
            pass
    return working


def assert_log_is_json_lines(test, gateway, secrets=()):
    """Every stderr line of the gateway is one JSON object, and no secret appears in any of them."""
    text = gateway.log_text()
    for number, line in enumerate(text.splitlines(), 1):
        try:
            entry = json.loads(line)
        except ValueError:
            test.fail("log line %d is not JSON: %r" % (number, line[:300]))
        test.assertIsInstance(entry, dict, "log line %d" % number)
    for secret in secrets:
        test.assertNotIn(secret, text, "a secret reached the log")
    for marker in ("unhandled exception", "terminate called", "AddressSanitizer", "runtime error"):
        test.assertNotIn(marker, text)
