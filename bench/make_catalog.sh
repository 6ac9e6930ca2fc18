#!/usr/bin/env bash
# Writes a SQLite file with N tables T00001..TN (dbo schema in the devserver's mapping), each with a
# primary key, four typed columns and a foreign key to the table before it, for list_tables /
# describe_table cost growth. Usage: make_catalog.sh N FILE
set -euo pipefail
n=$1 file=$2
rm -f "$file"
awk -v n="$n" 'BEGIN {
  print "BEGIN;"
  for (i = 1; i <= n; i++) {
    ref = (i > 1) ? sprintf(", ParentID int NULL REFERENCES T%05d(ID)", i - 1) : ""
    printf "CREATE TABLE T%05d (ID int NOT NULL PRIMARY KEY, Name nvarchar(50) NOT NULL, ", i
    printf "Amount money NULL, CreatedAt datetime NOT NULL, Flag bit NOT NULL DEFAULT 0%s);\n", ref
  }
  print "COMMIT;"
}' | sqlite3 "$file"
