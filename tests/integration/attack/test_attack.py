"""Attacks on the read-only promise against a real gateway and a devserver login that CAN write, so only the
gateway stands in the way: characters that end a '--' comment for one reader and not the other, carrying
COMMIT ... BEGIN TRANSACTION through the always-rolled-back transaction; homoglyph keywords; COMMIT in
plain sight; names that leave the scope's database (confinement). Each attack is sent to a read-only
scope (refused as a tool error naming the character) and, with a token granted only mssql.read, to a
read-write scope (asked to step up with 403 insufficient_scope). The database file is dumped (schema and every
row, via SQLite) before and after and must be identical."""
import os
import sqlite3
import unittest

from gwtest.fixtures import GatewayTest
from gwtest.oauth import hash_password

PASSWORD = "smuggler-9"

CONFIG = """
server:
  data_dir: "@DATA_DIR@"
scopes:
  demo:
    description: Read-only scope on a login that can write
    database: {database}
    oauth:
      users:
        - name: mallory
          password_hash: "{hash}"
  ledger:
    description: Read-write scope
    read_only: false
    database: {database}
    oauth:
      users:
        - name: mallory
          password_hash: "{hash}"
"""

# The write each attack smuggles: COMMIT ends the gateway's transaction, the UPDATE commits, BEGIN TRANSACTION
# opens a new one for the gateway's ROLLBACK to end, so nothing fails.
WRITE = ("COMMIT TRANSACTION; UPDATE Categories SET CategoryName = 'X' WHERE CategoryID = 3; "
         "BEGIN TRANSACTION --'")


def comment_smuggle(char):
    """SELECT ... --<char>' then the write on the next line: one reader sees a comment and then a string that
    hides the write, the other sees the comment run to the line feed and the write as code."""
    return "SELECT 1 AS probe --" + char + "'\n" + WRITE


def refusal(name, column, offset, line=1):
    return ("read-only scope: cannot check the SQL: %s is not allowed outside string literals at line %d, "
            "column %d (byte offset %d)" % (name, line, column, offset))


# (attack, the message a read-only scope answers with)
ATTACKS = [
    (comment_smuggle("\v"), refusal("U+000B VERTICAL TAB", 21, 20)),
    (comment_smuggle("\f"), refusal("U+000C FORM FEED", 21, 20)),
    (comment_smuggle("\r"), refusal("U+000D CARRIAGE RETURN not followed by LINE FEED", 21, 20)),
    (comment_smuggle("\u0085"), refusal("U+0085 NEXT LINE", 21, 20)),
    (comment_smuggle("\u2028"), refusal("U+2028 LINE SEPARATOR", 21, 20)),
    (comment_smuggle("\u2029"), refusal("U+2029 PARAGRAPH SEPARATOR", 21, 20)),
    (comment_smuggle("\u200b"), refusal("U+200B ZERO WIDTH SPACE", 21, 20)),
    (comment_smuggle("\u202e"), refusal("U+202E RIGHT-TO-LEFT OVERRIDE", 21, 20)),
    (comment_smuggle("\x1c"), refusal("U+001C FILE SEPARATOR", 21, 20)),
    ("SELECT 1 AS probe\v" + WRITE, refusal("U+000B VERTICAL TAB", 18, 17)),
    ("SELECT 1 AS probe\r" + WRITE, refusal("U+000D CARRIAGE RETURN not followed by LINE FEED", 18, 17)),
    ("SELECT 1 AS probe /*\n\u2028*/ " + WRITE, refusal("U+2028 LINE SEPARATOR", 1, 21, line=2)),
    ("SELECT 1 AS [probe\f]; " + WRITE, refusal("U+000C FORM FEED", 19, 18)),
    ("SELECT 1 AS probe \x00; " + WRITE,
     "read-only scope: cannot check the SQL: U+0000 NULL is not allowed anywhere in the text at line 1, "
     "column 19 (byte offset 18)"),
    # Homoglyph keywords: letters that Unicode case folding or NFKC turn into a keyword.
    ("SELECT 1 AS probe; \u017felect 1; " + WRITE,
     "read-only scope: cannot check the SQL: the word \u017felect reads as the keyword SELECT under Unicode "
     "case folding or compatibility normalisation at line 1, column 20"),
    ("SELECT 1 AS probe; \u1d41PDATE Categories SET CategoryName = 'X' WHERE CategoryID = 3",
     "read-only scope: cannot check the SQL: the word \u1d41PDATE reads as the keyword UPDATE under Unicode "
     "case folding or compatibility normalisation at line 1, column 20"),
    ("SELECT 1 AS probe; \uff23\uff2f\uff2d\uff2d\uff29\uff34 TRANSACTION",
     "read-only scope: cannot check the SQL: the word \uff23\uff2f\uff2d\uff2d\uff29\uff34 reads as the "
     "keyword COMMIT under Unicode case folding or compatibility normalisation at line 1, column 20"),
    ("SELECT * FROM Categories WITH (TABLOC\u212a)",
     "read-only scope: cannot check the SQL: the word TABLOC\u212a reads as the keyword TABLOCK under "
     "Unicode case folding or compatibility normalisation at line 1, column 32"),
    # COMMIT through the wall, in plain sight and behind comments and line breaks.
    ("SELECT 1 AS probe; " + WRITE, "read-only scope: COMMIT is not allowed (statement 2, line 1)"),
    ("SELECT 1 AS probe /* c */ COMMIT TRANSACTION /* c */ UPDATE Categories SET CategoryName = 'X' "
     "WHERE CategoryID = 3 BEGIN TRANSACTION",
     "read-only scope: COMMIT is not allowed (statement 2, line 1)"),
    ("SELECT 1 AS probe -- c\r\nCOMMIT\r\nUPDATE Categories SET CategoryName = 'X' WHERE CategoryID = 3",
     "read-only scope: COMMIT is not allowed (statement 2, line 2)"),
    ("SELECT 1 AS probe\nGO\nCOMMIT TRANSACTION\nGO\nUPDATE Categories SET CategoryName = 'X' "
     "WHERE CategoryID = 3", "read-only scope: COMMIT is not allowed (statement 2, line 3)"),
]


def dump(path):
    """Schema and every row of the devserver's SQLite file, in a stable text form."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


class AttackTest(GatewayTest):
    # The devserver's default login is a writer: only the gateway stands in the way.
    CONFIG = CONFIG
    VALUES = {"hash": hash_password(PASSWORD)}
    USER = ("mallory", PASSWORD)
    SECRETS = (PASSWORD,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db_file = os.path.join(cls.db.dir, "demo.sqlite")

    def token(self, scope, granted):
        tokens = self.flow(scope).tokens(granted)
        self.assertEqual(tokens["scope"], granted)
        return tokens["access_token"]

    def test_comment_and_character_smuggling_writes_nothing(self):
        before = dump(self.db_file)
        self.assertIn("INSERT INTO \"Categories\"", before)
        read_only = self.token("demo", "mssql.read")
        read_write_read = self.token("ledger", "mssql.read")
        for attack, message in ATTACKS:
            with self.subTest(attack=attack):
                # The database first: that is the promise; the message second.
                status, _, read_only_body = self.call_sql("demo", read_only, attack)
                self.assertEqual(dump(self.db_file), before, "the read-only scope wrote")
                status, headers, step_up_body = self.call_sql("ledger", read_write_read, attack)
                self.assertEqual(dump(self.db_file), before, "a token without mssql.write wrote")
                self.assertEqual(read_only_body["result"]["content"][0]["text"], message)
                self.assertTrue(read_only_body["result"]["isError"])
                self.assertEqual((status, step_up_body["error"]), (403, "insufficient_scope"))
                self.assertIn('error="insufficient_scope"', headers["www-authenticate"])

    def test_confinement_keeps_a_read_only_scope_in_its_database(self):
        # database.confine is on by default for read-only scopes: other databases, linked servers and the
        # server-level readers are refused before they reach the server, and nothing is written.
        before = dump(self.db_file)
        read_only = self.token("demo", "mssql.read")
        refused = [
            ("SELECT * FROM master.dbo.spt_values",
             "name master.dbo.spt_values leaves the scope's database DemoDB"),
            ("SELECT * FROM [OtherDb]..[Customers]", "leaves the scope's database DemoDB"),
            ("SELECT * FROM Srv.DemoDB.dbo.Categories",
             "four-part name Srv.DemoDB.dbo.Categories is not allowed (linked servers)"),
            ("SELECT * FROM sys.fn_dblog(NULL, NULL)", "server-level object sys.fn_dblog is not allowed"),
            ("SELECT name FROM sys.sql_logins", "server-level object sys.sql_logins is not allowed"),
            ("SELECT * FROM OPENQUERY(Srv, 'SELECT 1')", "OPENQUERY"),
            ("EXEC master..xp_cmdshell 'dir'", "read-only scope: "),
        ]
        for query, fragment in refused:
            with self.subTest(query=query):
                status, _, body = self.call_sql("demo", read_only, query)
                self.assertEqual(status, 200, body)
                self.assertTrue(body["result"]["isError"], body)
                text = body["result"]["content"][0]["text"]
                self.assertTrue(text.startswith("read-only scope: "), text)
                self.assertIn(fragment, text)
        self.assertEqual(dump(self.db_file), before)
        # Its own database, named in full, is still the scope's.
        status, _, body = self.call_sql("demo", read_only, "SELECT COUNT(*) AS n FROM DemoDB.dbo.Categories")
        self.assertFalse(body["result"].get("isError", False), body)

    def test_the_dump_sees_a_write(self):
        # The comparison above can fail: a token with mssql.write on the read-write scope does write.
        before = dump(self.db_file)
        status, _, body = self.call_sql("ledger", self.token("ledger", "mssql.read mssql.write"),
                                        "UPDATE Categories SET CategoryName = CategoryName + N'!' "
                                        "WHERE CategoryID = 3")
        self.assertEqual(status, 200)
        self.assertFalse(body["result"].get("isError", False), body)
        self.assertNotEqual(dump(self.db_file), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
