#include "demo_db.h"

#include <sqlite3.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "demo_schema.h"
#include "sqlite_calls.h"
#include "value_codec.h"

namespace gw::tdsdev {

namespace {

// splitmix64 from a fixed seed: the same rows on every machine, as the README promises.
class Rng {
 public:
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_ = 20240601;
};

struct Blob {
  std::string bytes;
};

// One column value for Inserter (a plain struct: std::variant trips GCC 12's maybe-uninitialized).
struct Value {
  enum Kind { kNull, kInt, kReal, kText, kBlob } kind = kNull;
  int64_t i = 0;
  double d = 0;
  std::string s;
  Value(std::nullptr_t) {}                                // NOLINT: implicit for row literals
  Value(int64_t v) : kind(kInt), i(v) {}                  // NOLINT
  Value(double v) : kind(kReal), d(v) {}                  // NOLINT
  Value(std::string v) : kind(kText), s(std::move(v)) {}  // NOLINT
  Value(Blob b) : kind(kBlob), s(std::move(b.bytes)) {}   // NOLINT
};

class Inserter {
 public:
  Inserter(sqlite3* db, const std::string& table, int columns) {
    std::string sql = "INSERT INTO \"" + table + "\" VALUES (";
    for (int i = 0; i < columns; ++i) sql += i ? ",?" : "?";
    sqlite3_prepare_v2(db, (sql + ")").c_str(), -1, &st_, nullptr);
    db_ = db;
  }
  ~Inserter() { sqlite3_finalize(st_); }
  Status row(const std::vector<Value>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
      int k = static_cast<int>(i + 1);
      const Value& v = values[i];
      switch (v.kind) {
        case Value::kInt: sqlite3_bind_int64(st_, k, v.i); break;
        case Value::kReal: sqlite3_bind_double(st_, k, v.d); break;
        case Value::kText: sqlite3_bind_text(st_, k, v.s.c_str(), -1, SQLITE_TRANSIENT); break;
        case Value::kBlob:
          sqlite3_bind_blob(st_, k, v.s.data(), static_cast<int>(v.s.size()), SQLITE_TRANSIENT);
          break;
        default: sqlite3_bind_null(st_, k);
      }
    }
    int rc = sqlite3_step(st_);
    sqlite3_reset(st_);
    if (rc != SQLITE_DONE) return internal_error(sqlite3_errmsg(db_));
    return Status::ok();
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
};

std::string date_text(int64_t days_since_0001) {
  int y, m, d;
  civil_from_days(days_since_0001, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string guid_text(Rng& r) {
  uint64_t a = r.next(), b = r.next();
  return fmt::format("{:08X}-{:04X}-{:04X}-{:04X}-{:012X}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFFF,
                     b >> 48, b & 0xFFFFFFFFFFFFULL);
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

struct StateInfo {
  const char* code;
  const char* city;
  int region;
};

constexpr StateInfo kStates[] = {
    {"NY", "New York", 1}, {"MA", "Boston", 1},      {"PA", "Philadelphia", 1},
    {"FL", "Miami", 2},    {"GA", "Atlanta", 2},     {"NC", "Charlotte", 2},
    {"IL", "Chicago", 3},  {"OH", "Columbus", 3},    {"MI", "Detroit", 3},
    {"TX", "Austin", 4},   {"AZ", "Phoenix", 4},     {"NM", "Santa Fe", 4},
    {"CA", "San José", 5}, {"WA", "Seattle", 5},     {"OR", "Portland", 5},
    {"CO", "Denver", 5},   {"HI", "Honolulu", 6},    {"AK", "Anchorage", 6},
    {"NJ", "Newark", 1},   {"MN", "Minneapolis", 3},
};

constexpr const char* kFirstNames[] = {"James",  "María",   "José",  "Zoë",    "François", "Björn",
                                       "Łukasz", "Siobhán", "Aiko",  "Chloé",  "Mohammed", "Olivia",
                                       "Liam",   "Søren",   "Ana",   "David",  "美咲",     "Nguyễn",
                                       "Emma",   "Noah",    "Renée", "Jürgen", "Priya",    "Mateo"};
constexpr const char* kLastNames[] = {"Smith",    "García",   "Müller", "Johnson", "O'Brien",
                                      "Nakamura", "Kowalski", "Brown",  "Dubois",  "Jensen",
                                      "Rossi",    "Williams", "Núñez",  "Taylor",  "Lee",
                                      "Anderson", "Schröder", "Patel",  "Martin",  "Clark"};

Status fill_regions_categories(sqlite3* db) {
  Inserter reg(db, "sales.Regions", 3);
  const char* regions[] = {"Northeast", "Southeast", "Midwest", "Southwest", "West", "Pacific"};
  for (int i = 0; i < 6; ++i) {
    if (Status s = reg.row({int64_t{i + 1}, std::string(regions[i]), std::string("USA")});
        !s.is_ok())
      return s;
  }
  Inserter cat(db, "Categories", 3);
  const char* cats[] = {"Beverages", "Condiments", "Confections", "Dairy",
                        "Grains",    "Meat",       "Produce",     "Seafood"};
  for (int i = 0; i < 8; ++i) {
    Value desc = i == 7 ? Value{nullptr} : Value{fmt::format("All {} products", cats[i])};
    if (Status s = cat.row({int64_t{i + 1}, std::string(cats[i]), desc}); !s.is_ok()) return s;
  }
  return Status::ok();
}

Status fill_products(sqlite3* db, Rng& r, std::vector<double>& prices) {
  Inserter ins(db, "Products", 11);
  const char* cats[] = {"Beverages", "Condiments", "Confections", "Dairy",
                        "Grains",    "Meat",       "Produce",     "Seafood"};
  const char* adjectives[] = {"Classic", "Organic", "Premium", "Spicy", "Smoked",
                              "Sweet",   "Golden",  "Wild",    "Fresh", "Crème"};
  int64_t base = days_from_civil(2022, 1, 1);
  prices.assign(81, 0);
  for (int id = 1; id <= 80; ++id) {
    int cat = (id - 1) / 10;
    double price = round2(1.5 + r.below(9000) / 100.0);
    prices[id] = price;
    Value weight = id % 6 == 0 ? Value{nullptr} : Value{(1 + r.below(400)) / 40.0};
    std::string created =
        date_text(base + r.below(365)) + fmt::format(" {:02}:{:02}:{:02}.{:07}", r.below(24),
                                                     r.below(60), r.below(60), r.below(10000000));
    Status s = ins.row(
        {int64_t{id}, fmt::format("{} {} #{}", adjectives[(id - 1) % 10], cats[cat], id),
         int64_t{cat + 1}, std::string(cats[cat]), price, int64_t{r.below(500)},
         int64_t{5 + r.below(20)}, int64_t{id % 11 == 0 ? 1 : 0}, weight, guid_text(r), created});
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

Status fill_customers(sqlite3* db, Rng& r, std::vector<int>& customer_state) {
  Inserter ins(db, "Customers", 12);
  int64_t birth0 = days_from_civil(1950, 1, 1), created0 = days_from_civil(2020, 1, 1);
  customer_state.assign(201, 0);
  for (int id = 1; id <= 200; ++id) {
    const StateInfo& st = kStates[r.below(20)];
    customer_state[id] = static_cast<int>(&st - kStates);
    Value email = id % 10 == 0 ? Value{nullptr} : Value{fmt::format("customer{}@example.com", id)};
    Value phone = id % 7 == 0 ? Value{nullptr} : Value{fmt::format("555-{:04}", r.below(10000))};
    Value birth = id % 13 == 0 ? Value{nullptr} : Value{date_text(birth0 + r.below(18000))};
    std::string created =
        date_text(created0 + r.below(1400)) +
        fmt::format(" {:02}:{:02}:{:02}.000", r.below(24), r.below(60), r.below(60));
    Status s = ins.row({int64_t{id}, std::string(kFirstNames[r.below(24)]),
                        std::string(kLastNames[r.below(20)]), email, phone, std::string(st.city),
                        std::string(st.code), int64_t{st.region}, (1 + r.below(40)) * 500.0,
                        int64_t{id % 9 == 0 ? 0 : 1}, birth, created});
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

Value badge(int id, Rng& r) {
  if (id % 4 == 0) return nullptr;
  uint64_t v = r.next();
  return Blob{std::string(reinterpret_cast<const char*>(&v), 4)};
}

Status fill_employees(sqlite3* db, Rng& r) {
  Inserter ins(db, "Employees", 9);
  const char* titles[] = {"Sales Representative", "Sales Representative",
                          "Inside Sales Coordinator", "Account Manager"};
  int64_t hire0 = days_from_civil(2010, 1, 1);
  for (int id = 1; id <= 20; ++id) {
    Value manager = id == 1 ? Value{nullptr} : Value{int64_t{id <= 4 ? 1 : 2 + (id % 3)}};
    std::string title = id == 1   ? "Chief Executive Officer"
                        : id <= 4 ? "Sales Manager"
                                  : titles[id % 4];
    Value shift = id % 5 == 0
                      ? Value{nullptr}
                      : Value{fmt::format("{:02}:{:02}:00", 6 + r.below(6), 15 * r.below(4))};
    Status s = ins.row({int64_t{id}, std::string(kFirstNames[(id * 7) % 24]),
                        std::string(kLastNames[(id * 3) % 20]), title, manager,
                        date_text(hire0 + r.below(4000)), round2(40000 + r.below(8000000) / 100.0),
                        shift, badge(id, r)});
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

Status fill_orders(sqlite3* db, Rng& r, const std::vector<double>& prices,
                   const std::vector<int>& customer_state) {
  Inserter orders(db, "Orders", 10);
  Inserter details(db, "OrderDetails", 6);
  const char* statuses[] = {"Shipped",   "Shipped",   "Shipped",   "Shipped", "Shipped",
                            "Delivered", "Delivered", "Delivered", "Pending", "Cancelled"};
  const char* offsets[] = {"-05:00", "-06:00", "-08:00", "+00:00", "+01:00", "+05:30"};
  int64_t day0 = days_from_civil(2023, 1, 1);
  int64_t detail_id = 1;
  for (int id = 1; id <= 1000; ++id) {
    int customer = 1 + r.below(200);
    int64_t day = day0 + r.below(730);
    int h = 8 + r.below(10), mi = r.below(60), sec = r.below(60);
    std::string order_date = date_text(day) + fmt::format(" {:02}:{:02}:{:02}.000", h, mi, sec);
    std::string status = statuses[r.below(10)];
    Value shipped = (status == "Pending" || status == "Cancelled")
                        ? Value{nullptr}
                        : Value{date_text(day + 1 + r.below(7)) +
                                fmt::format(" {:02}:{:02}:{:02}.{:03}", r.below(24), r.below(60),
                                            r.below(60), r.below(1000))};
    double total = 0;
    int lines = 1 + id % 5;
    for (int k = 0; k < lines; ++k) {
      int product = 1 + r.below(80);
      int qty = 1 + r.below(10);
      double discount = r.below(4) * 0.05;
      total += qty * prices[product] * (1 - discount);
      Status s = details.row(
          {detail_id++, int64_t{id}, int64_t{product}, int64_t{qty}, prices[product], discount});
      if (!s.is_ok()) return s;
    }
    std::string modified = date_text(day + r.below(30)) +
                           fmt::format(" {:02}:{:02}:{:02}.{:07} {}", r.below(24), r.below(60),
                                       r.below(60), r.below(10000000), offsets[r.below(6)]);
    Status s = orders.row({int64_t{id}, int64_t{customer}, int64_t{2 + r.below(19)}, order_date,
                           shipped, status, std::string(kStates[customer_state[customer]].code),
                           round2(total), guid_text(r), modified});
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace

Status create_demo(sqlite3* db) {
  Rng r;
  std::vector<double> prices;
  std::vector<int> customer_state;
  Status s = sqlite_exec(db, "BEGIN");
  if (s.is_ok()) s = sqlite_exec(db, kDemoSchema);
  if (s.is_ok()) s = fill_regions_categories(db);
  if (s.is_ok()) s = fill_products(db, r, prices);
  if (s.is_ok()) s = fill_customers(db, r, customer_state);
  if (s.is_ok()) s = fill_employees(db, r);
  if (s.is_ok()) s = fill_orders(db, r, prices, customer_state);
  if (!s.is_ok()) {
    (void)sqlite_exec(db, "ROLLBACK");
    return s;
  }
  return sqlite_exec(db, "COMMIT");
}

Status ensure_big_table(sqlite3* db, int64_t rows) {
  sqlite3_stmt* st = nullptr;
  int64_t have = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM BigTable", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    have = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  if (have == rows) return Status::ok();
  // One recursive-CTE INSERT: about a second for a million rows, no round trips.
  return sqlite_exec(
      db, fmt::format(
              "BEGIN; DROP TABLE IF EXISTS BigTable;"
              "CREATE TABLE BigTable (ID BIGINT NOT NULL PRIMARY KEY, Val INT NOT NULL, Label "
              "NVARCHAR(50) NOT NULL);"
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})"
              " INSERT INTO BigTable SELECT i, (i * 7919) % 100000, 'Row ' || i FROM n; COMMIT;",
              rows));
}

Status prepare_database(const std::string& path, bool demo, int64_t big_rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return unavailable(fmt::format("cannot open {}: {}", path, m));
  }
  Status s = sqlite_exec(db, "PRAGMA journal_mode = WAL");
  if (s.is_ok() && demo) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &st,
                       nullptr);
    bool empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    if (empty) s = create_demo(db);
  }
  if (s.is_ok() && big_rows > 0) s = ensure_big_table(db, big_rows);
  sqlite3_close(db);
  return s;
}

}  // namespace gw::tdsdev
