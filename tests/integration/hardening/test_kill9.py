"""The gateway kill -9'ed under load and restarted on the same data directory: every OAuth
client whose registration response a client received, and the newest refresh and access token of every
grant whose token response a client received, still work afterwards. The store appends and fsyncs before
it answers (src/oauth/journal_store.cpp), so nothing the client saw can be missing after a kill."""
import os
import signal
import threading
import time
import unittest

from gwtest.processes import Devserver, Gateway
from gwtest.inspection import assert_log_is_json_lines
from harden_env import DB_PASSWORD, config, oauth_client, rpc

WORKERS = 6
REGISTRATIONS_PER_WORKER = 8   # 48 in all: under the 100 per 10 minutes per address of /register
REFRESHES_PER_GRANT = 4


class Grant:
    """What one client has been told, newest first: the refresh and access token it holds now."""

    def __init__(self, client):
        self.client = client
        self.refresh_token = None
        self.access_token = None


class Worker(threading.Thread):
    """Registers clients, redeems a code, refreshes the grant several times and calls a tool with each
    access token, until the gateway goes away. Only answers that arrived are recorded."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port = port
        self.stop = stop
        self.registered = []   # client ids whose 201 arrived
        self.grants = []
        self.tool_calls = 0
        self.error = None

    def run(self):
        try:
            for _ in range(REGISTRATIONS_PER_WORKER):
                if self.stop.is_set():
                    return
                self.one_client()
        except (ConnectionError, OSError, AssertionError, ValueError) as e:
            if not self.stop.is_set():
                self.error = e   # a failure before the kill is a real failure

    def one_client(self):
        client = oauth_client(self.port)
        status, _, body = client.register()
        assert status == 201, body
        self.registered.append(client.client_id)
        status, _, body = client.redeem(client.code())
        assert status == 200, body
        grant = Grant(client)
        grant.refresh_token, grant.access_token = body["refresh_token"], body["access_token"]
        self.grants.append(grant)
        for _ in range(REFRESHES_PER_GRANT):
            status, body = rpc(self.port, "/demo/mcp", "tools/call",
                               {"name": "execute_sql", "arguments": {"query": "SELECT 1 AS one"}},
                               token=grant.access_token)
            assert status == 200 and "result" in body, body
            self.tool_calls += 1
            status, _, body = client.refresh(grant.refresh_token)
            assert status == 200, body
            grant.refresh_token, grant.access_token = body["refresh_token"], body["access_token"]


class KillUnderLoadTest(unittest.TestCase):
    def test_nothing_a_client_was_told_is_lost_to_kill_9(self):
        db = Devserver()
        gw = Gateway(config(db.database_yaml()))
        data_dir = os.path.join(gw.dir, "data")
        stop = threading.Event()
        workers = [Worker(gw.port, stop) for _ in range(WORKERS)]
        for w in workers:
            w.start()
        # Kill in the middle: once a fair amount of work is done, but long before all of it is.
        deadline = time.monotonic() + 60
        while sum(len(w.grants) for w in workers) < WORKERS * REGISTRATIONS_PER_WORKER // 3:
            self.assertLess(time.monotonic(), deadline, "the load made no progress")
            time.sleep(0.01)
        stop.set()
        self.assertEqual(gw.stop(signal.SIGKILL), -signal.SIGKILL)
        for w in workers:
            w.join(timeout=30)
            self.assertFalse(w.is_alive())
            self.assertIsNone(w.error)
        registered = [c for w in workers for c in w.registered]
        grants = [g for w in workers for g in w.grants]
        self.assertLess(len(registered), WORKERS * REGISTRATIONS_PER_WORKER, "killed too late")
        print("killed after %d registrations, %d grants, %d tool calls"
              % (len(registered), len(grants), sum(w.tool_calls for w in workers)))

        gw2 = Gateway(config(db.database_yaml(), data_dir=data_dir))
        try:
            for grant in grants:
                grant.client.http = gw2.http
                # The access token the client holds calls tools with no new sign-in.
                status, body = rpc(gw2.port, "/demo/mcp", "tools/call",
                                   {"name": "execute_sql", "arguments": {"query": "SELECT 2 AS two"}},
                                   token=grant.access_token)
                self.assertEqual(status, 200, body)
                self.assertFalse(body["result"]["isError"], body)
                # The refresh token it holds still refreshes (it may have been rotated by a request whose
                # answer never arrived: the reuse grace window covers exactly that).
                status, _, body = grant.client.refresh(grant.refresh_token)
                self.assertEqual(status, 200, body)
            for client_id in registered:
                client = oauth_client(gw2.port)
                client.client_id = client_id
                status, _, body = client.redeem(client.code())
                self.assertEqual(status, 200, "client %s lost: %s" % (client_id, body))
        finally:
            self.assertEqual(gw2.stop(), 0)
            db.stop()
        assert_log_is_json_lines(self, gw2, secrets=[DB_PASSWORD])


if __name__ == "__main__":
    unittest.main(verbosity=2)
