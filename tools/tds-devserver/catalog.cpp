#include "catalog.h"

namespace gw::tdsdev {

Status refresh_catalog(sqlite3*, const std::string&) { return Status::ok(); }

}  // namespace gw::tdsdev
