#pragma once
// Confinement of a read-only scope to its database (`database.confine`): the names a query may
// use. Part of the read-only policy (read_only_classifier.h), kept apart because it depends on the
// scope's configured database name. Refused, bracketed or not, compared ignoring ASCII case:
//   - four-part names (server.database.schema.object): linked servers;
//   - three-part names whose database is not one of the scope's (database.name and
//     database.extra_databases: OtherDb.dbo.T, OtherDb..T are refused, ArchiveDB.dbo.T passes). A
//     three-part column reference (schema.table.column) is refused too: Microsoft deprecates
//     column references of more than two parts ("Deprecated Database Engine features"); write
//     alias.column. Calls of the xml methods value/query/exist/nodes (t.XmlCol.value(...)) pass;
//   - server-level readers that leak the host or other logins: sys.fn_dblog, sys.fn_dump_dblog,
//     sys.dm_os_enumerate_filesystem, sys.dm_os_file_exists, sys.fn_xe_file_target_read_file,
//     sys.fn_get_audit_file, sys.fn_trace_gettable, sys.sql_logins, sys.server_principals,
//     sys.syslogins, sys.servers, sys.linked_logins, sys.credentials (by their last part, however
//     qualified: fn_dblog resolves without sys. as well);
//   - a [bracketed] sp_ or xp_ name that is called or qualified (unquoted ones are refused anyway).
// OPENQUERY, OPENROWSET, OPENDATASOURCE, USE and EXEC ... AT are refused by the classifier itself.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/lexer.h"

namespace gw::sql {

// REQUIRES: tokens[i] is a kWord or kQuotedIdentifier that does not follow a '.', so it starts a
// (possibly multi-part) name. What is wrong with that name ("name OtherDb.dbo.T leaves the scope's
// database DemoDB"), or nullopt.
std::optional<std::string> confinement_violation(
    const std::vector<Token>& tokens, std::size_t i, std::string_view database,
    const std::vector<std::string>& other_databases = {});

}  // namespace gw::sql
