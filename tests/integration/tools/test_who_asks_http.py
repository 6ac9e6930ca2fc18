"""Who asks, end to end over real HTTP: two users signed in through the gateway's OAuth server call
execute_sql on one pooled connection (pool.max_size 1) of a real tds-devserver, and SQL sees each
one in SESSION_CONTEXT; a second database is read by argument; an impersonating scope runs each call
as the user's database user and reverts; the audit log names user and client."""
import json
import os
import tempfile
import unittest

from gwtest.http_client import Http
from gwtest.oauth import OAuthFlow, hash_password
from gwtest.processes import Devserver, Gateway

PASSWORDS = {"alice": "wonderland-42", "bob": "builder-7"}


def config(db, archive_db_name):
    user, password = Devserver.LOGIN.split(":", 1)
    users = "".join('        - {name: %s, password_hash: "%s", database_user: %s_db}\n'
                    % (name, hash_password(pw), name) for name, pw in PASSWORDS.items())
    database = ('{host: 127.0.0.1, port: %d, name: DemoDB, user: %s, password: %s, encryption: "off", '
                'login_timeout_s: 5, extra_databases: [%s]%s}')
    return ("server:\n  data_dir: \"@DATA_DIR@\"\nscopes:\n"
            "  who:\n    read_only: true\n    pool: {max_size: 1}\n"
            "    database: " + database % (db.port, user, password, archive_db_name, "") + "\n"
            "    oauth:\n      scopes_supported: [mssql.read]\n      users:\n" + users +
            "  imp:\n    read_only: false\n    pool: {max_size: 1}\n"
            "    database: " + database % (db.port, user, password, archive_db_name, ", impersonate: true") +
            "\n    oauth:\n      users:\n" + users)


def token(http, scope, user):
    """Registers a client, signs `user` in through the HTML form, redeems the code: (access token, client id)."""
    flow = OAuthFlow(http, scope, user=(user, PASSWORDS[user]))
    return flow.tokens()["access_token"], flow.client_id


class WhoAsksOverHttp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        archive = os.path.join(tempfile.mkdtemp(prefix="who-asks-"), "archive.sqlite")
        cls.db = Devserver(extra_args=("--database", "DemoDB", "--db", archive, "--database", "ArchiveDB"))
        cls.gw = Gateway(config(cls.db, "ArchiveDB"))
        cls.http = Http(cls.gw.port)
        cls.tokens = {(scope, user): token(cls.http, scope, user)
                      for scope in ("who", "imp") for user in PASSWORDS}

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()
        cls.db.stop()

    def call(self, scope, user, arguments, name="execute_sql"):
        access, _ = self.tokens[(scope, user)]
        status, _, doc = self.http.post_json("/%s/mcp" % scope, {
            "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}},
            {"Authorization": "Bearer " + access, "Accept": "application/json, text/event-stream",
             "MCP-Protocol-Version": "2025-11-25"})
        self.assertEqual(status, 200, doc)
        result = doc["result"]
        self.assertFalse(result.get("isError"), result)
        return result["structuredContent"]

    def first_row(self, scope, user, query, **arguments):
        return self.call(scope, user, dict(arguments, query=query))["resultSets"][0]["rows"][0]

    def test_session_context_follows_the_caller_on_one_pooled_connection(self):
        query = "SELECT SESSION_CONTEXT(N'mcp.user') AS u, SESSION_CONTEXT(N'mcp.client') AS c, " \
                "SESSION_CONTEXT(N'mcp.scope') AS s, @@SPID AS spid"
        alice = self.first_row("who", "alice", query)
        bob = self.first_row("who", "bob", query)
        self.assertEqual(alice[:3], ["alice", self.tokens[("who", "alice")][1], "who"])
        self.assertEqual(bob[:3], ["bob", self.tokens[("who", "bob")][1], "who"])
        self.assertEqual(alice[3], bob[3])  # the same pooled connection (session id)
        with open(os.path.join(self.gw.dir, "data", "audit.log")) as f:
            lines = [json.loads(line) for line in f]
        self.assertIn(("bob", self.tokens[("who", "bob")][1]),
                      [(line["user"], line["client_id"]) for line in lines if line["scope"] == "who"])

    def test_second_database_by_argument(self):
        self.assertEqual(self.first_row("who", "alice", "SELECT DB_NAME() AS d", database="ArchiveDB"),
                         ["ArchiveDB"])
        self.assertEqual(self.first_row("who", "alice", "SELECT DB_NAME() AS d"), ["DemoDB"])
        listed = self.call("who", "alice", {}, name="list_databases")["databases"]
        self.assertEqual([(d["name"], d["status"]) for d in listed],
                         [("DemoDB", "healthy"), ("ArchiveDB", "healthy")])

    def test_impersonation_entered_and_reverted(self):
        self.assertEqual(self.first_row("imp", "alice", "SELECT USER_NAME() AS u, ORIGINAL_LOGIN() AS l"),
                         ["alice_db", "gateway"])
        self.assertEqual(self.first_row("imp", "bob", "SELECT USER_NAME() AS u"), ["bob_db"])
        with open(os.path.join(self.db.dir, "log")) as f:
            log = f.read()
        self.assertIn("EXECUTE AS USER 'alice_db' WITH COOKIE", log)
        self.assertIn("REVERT WITH COOKIE to 'writer'", log)


if __name__ == "__main__":
    unittest.main()
