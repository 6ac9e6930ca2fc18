#include "options.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace gw::tdsdev {

const char* usage_text() {
  return R"(tds-devserver: a TDS 7.4 development server that runs a T-SQL subset on SQLite.
FOR DEVELOPMENT AND TESTS ONLY. It is not SQL Server, has no encryption (the password crosses the
network in the clear), and must never hold production data or listen on a public address.

Usage: tds-devserver --db FILE --login USER:PASSWORD[:ROLE][,USER2:PASSWORD2[:ROLE]] [options]
  --listen HOST:PORT   address to listen on (default 127.0.0.1:14330; port 0 lets the OS choose)
  --db FILE            the SQLite database file (created if missing); repeat it, each with its
                       own --database NAME, to serve several databases (the i-th --database names
                       the i-th --db; the first is the default of a login that names none)
  --database NAME      database name clients see (default DemoDB for the first --db)
  --login LIST         accepted logins, comma-separated user:password[:role]; role reader
                       (db_datareader: writes fail with error 229), writer (the default:
                       db_datawriter and db_ddladmin) or owner (dbo and sysadmin)
  --demo               create the demo sales database in each FILE that has no tables yet
  --big-rows N         make sure dbo.BigTable holds exactly N rows (default 0: leave it alone)
  --generate-catalog N list N generated tables dbo.GenNNNNN_<Word> in the first database's
                       catalog views (catalog-size tests and benchmarks; they hold no rows and
                       cannot be read)
  --latency-ms N       wait N ms before each reply (to model a networked database)
  --port-file PATH     write the port actually listened on to PATH once listening
  --help               this text
)";
}

namespace {

Result<int64_t> parse_int(const std::string& flag, const std::string& v, int64_t lo, int64_t hi) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
    return invalid_argument(
        fmt::format("{}: expected an integer {}..{}, got \"{}\"", flag, lo, hi, v));
  }
  return n;
}

Status parse_logins(const std::string& v, Options& o) {
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string pair = v.substr(start, comma - start);
    auto colon = pair.find(':');
    if (colon == std::string::npos || colon == 0) {
      return invalid_argument("--login: expected user:password pairs separated by commas");
    }
    std::string password = pair.substr(colon + 1);
    LoginRole role = LoginRole::kWriter;
    // A last ":reader", ":writer" or ":owner" is the role; any other colon belongs to the password.
    if (auto last = password.rfind(':'); last != std::string::npos) {
      if (auto parsed = parse_login_role(std::string_view(password).substr(last + 1))) {
        role = *parsed;
        password.resize(last);
      }
    }
    o.logins.emplace_back(pair.substr(0, colon), std::move(password));
    o.login_roles.push_back(role);
    start = comma + 1;
  }
  return Status::ok();
}

// The i-th --database names the i-th --db; only the first may go unnamed (DemoDB).
Status name_databases(const std::vector<std::string>& names, Options& o) {
  if (names.size() > o.databases.size())
    return invalid_argument("--database: more names than --db files");
  for (size_t i = 0; i < o.databases.size(); ++i) {
    if (i < names.size()) {
      o.databases[i].name = names[i];
    } else if (i == 0) {
      o.databases[i].name = "DemoDB";
    } else {
      return invalid_argument(fmt::format(
          "--db {}: a second database needs its own --database NAME", o.databases[i].path));
    }
    // find_database returns the first of that name: an earlier one means a duplicate.
    if (find_database(o, o.databases[i].name) != &o.databases[i])
      return invalid_argument(fmt::format("--database {}: named twice", o.databases[i].name));
  }
  o.db_path = o.databases[0].path;
  o.database = o.databases[0].name;
  return Status::ok();
}

}  // namespace

const ServedDatabase* find_database(const Options& options, const std::string& name) {
  for (const ServedDatabase& d : options.databases) {
    if (d.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size(); ++i) {
      same = same && std::tolower(static_cast<unsigned char>(d.name[i])) ==
                         std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return &d;
  }
  return nullptr;
}

Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> names;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
      continue;
    }
    if (a == "--demo") {
      o.demo = true;
      continue;
    }
    static const char* kWithValue[] = {
        "--listen",   "--db",         "--database",  "--login",
        "--big-rows", "--latency-ms", "--port-file", "--generate-catalog"};
    bool known = false;
    for (const char* f : kWithValue) known = known || a == f;
    if (!known) return invalid_argument(fmt::format("unknown option \"{}\" (see --help)", a));
    if (i + 1 >= args.size()) return invalid_argument(fmt::format("{}: missing value", a));
    const std::string& v = args[++i];
    if (a == "--listen") {
      auto colon = v.rfind(':');
      if (colon == std::string::npos) return invalid_argument("--listen: expected HOST:PORT");
      o.host = v.substr(0, colon);
      auto port = parse_int(a, v.substr(colon + 1), 0, 65535);
      if (!port) return port.status();
      o.port = static_cast<uint16_t>(*port);
    } else if (a == "--db") {
      o.databases.push_back({"", v});
    } else if (a == "--database") {
      names.push_back(v);
    } else if (a == "--login") {
      if (Status s = parse_logins(v, o); !s.is_ok()) return s;
    } else if (a == "--big-rows") {
      auto n = parse_int(a, v, 0, 100000000);
      if (!n) return n.status();
      o.big_rows = *n;
    } else if (a == "--generate-catalog") {
      auto n = parse_int(a, v, 0, 99999);
      if (!n) return n.status();
      o.generate_catalog = *n;
    } else if (a == "--latency-ms") {
      auto n = parse_int(a, v, 0, 600000);
      if (!n) return n.status();
      o.latency_ms = static_cast<int>(*n);
    } else {
      o.port_file = v;
    }
  }
  if (o.help) return o;
  if (o.databases.empty()) return invalid_argument("--db is required");
  if (Status s = name_databases(names, o); !s.is_ok()) return s;
  if (o.logins.empty()) return invalid_argument("--login is required");
  return o;
}

}  // namespace gw::tdsdev
