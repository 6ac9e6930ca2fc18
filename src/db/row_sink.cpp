#include "db/row_sink.h"

namespace gw::db {

nlohmann::json RowReader::to_json() const {
  std::string text = "[";
  for (std::size_t i = 0; i < size(); ++i) {
    if (i > 0) text += ',';
    append_json(i, text);
  }
  text += ']';
  return nlohmann::json::parse(text);
}

}  // namespace gw::db
