#pragma once
// The catalog views this server provides: SQL Server's names, and the columns (with SQL Server
// types) that tools read. Rows come from catalog.cpp; sys.extended_properties, sys.procedures and
// INFORMATION_SCHEMA.ROUTINES exist and are empty (SQLite has no descriptions or procedures).

#include <string>

namespace gw::tdsdev {

struct CatalogView {
  const char* name;
  const char* columns;  // "name TYPE, ..." without commas inside a type
};

// SQL Server's column names and types for each view (a subset of the columns, the ones tools read).
inline constexpr CatalogView kCatalogViews[] = {
    {"sys.databases",
     "name NVARCHAR(128), database_id INT, owner_sid INT, create_date DATETIME, "
     "compatibility_level TINYINT, collation_name NVARCHAR(128), state TINYINT, "
     "state_desc NVARCHAR(60), is_read_only BIT, recovery_model_desc NVARCHAR(60)"},
    {"sys.schemas", "name NVARCHAR(128), schema_id INT, principal_id INT"},
    {"sys.sql_modules", "object_id INT, definition NVARCHAR(MAX)"},
    {"sys.extended_properties",
     "class TINYINT, class_desc NVARCHAR(60), major_id INT, minor_id INT, "
     "name NVARCHAR(128), value NVARCHAR(4000)"},
    {"sys.procedures",
     "name NVARCHAR(128), object_id INT, schema_id INT, type CHAR(2), type_desc NVARCHAR(60), "
     "create_date DATETIME, modify_date DATETIME"},
    {"INFORMATION_SCHEMA.ROUTINES",
     "ROUTINE_CATALOG NVARCHAR(128), ROUTINE_SCHEMA NVARCHAR(128), "
     "ROUTINE_NAME NVARCHAR(128), ROUTINE_TYPE NVARCHAR(20), DATA_TYPE NVARCHAR(128), "
     "ROUTINE_DEFINITION NVARCHAR(4000)"},
    {"sys.objects",
     "name NVARCHAR(128), object_id INT, principal_id INT, schema_id INT, parent_object_id INT, "
     "type CHAR(2), type_desc NVARCHAR(60), create_date DATETIME, modify_date DATETIME, "
     "is_ms_shipped BIT, is_published BIT, is_schema_published BIT"},
    {"sys.tables",
     "name NVARCHAR(128), object_id INT, principal_id INT, schema_id INT, parent_object_id INT, "
     "type CHAR(2), type_desc NVARCHAR(60), create_date DATETIME, modify_date DATETIME, "
     "is_ms_shipped BIT, is_published BIT, is_schema_published BIT, temporal_type TINYINT"},
    {"sys.views",
     "name NVARCHAR(128), object_id INT, principal_id INT, schema_id INT, parent_object_id INT, "
     "type CHAR(2), type_desc NVARCHAR(60), create_date DATETIME, modify_date DATETIME, "
     "is_ms_shipped BIT, is_published BIT, is_schema_published BIT"},
    {"sys.columns",
     "object_id INT, name NVARCHAR(128), column_id INT, system_type_id TINYINT, "
     "user_type_id INT, max_length SMALLINT, precision TINYINT, scale TINYINT, "
     "collation_name NVARCHAR(128), is_nullable BIT, is_ansi_padded BIT, is_rowguidcol BIT, "
     "is_identity BIT, is_computed BIT"},
    {"sys.types",
     "name NVARCHAR(128), system_type_id TINYINT, user_type_id INT, schema_id INT, "
     "principal_id INT, max_length SMALLINT, precision TINYINT, scale TINYINT, "
     "collation_name NVARCHAR(128), is_nullable BIT, is_user_defined BIT"},
    {"sys.indexes",
     "object_id INT, name NVARCHAR(128), index_id INT, type TINYINT, type_desc NVARCHAR(60), "
     "is_unique BIT, data_space_id INT, ignore_dup_key BIT, is_primary_key BIT, "
     "is_unique_constraint BIT, fill_factor TINYINT, is_padded BIT, is_disabled BIT, "
     "is_hypothetical BIT, allow_row_locks BIT, allow_page_locks BIT, has_filter BIT, "
     "filter_definition NVARCHAR(MAX)"},
    {"sys.index_columns",
     "object_id INT, index_id INT, index_column_id INT, column_id INT, key_ordinal TINYINT, "
     "partition_ordinal TINYINT, is_descending_key BIT, is_included_column BIT"},
    {"sys.foreign_keys",
     "name NVARCHAR(128), object_id INT, principal_id INT, schema_id INT, "
     "parent_object_id INT, type CHAR(2), type_desc NVARCHAR(60), create_date DATETIME, "
     "modify_date DATETIME, is_ms_shipped BIT, referenced_object_id INT, key_index_id INT, "
     "is_disabled BIT, is_not_trusted BIT, delete_referential_action TINYINT, "
     "delete_referential_action_desc NVARCHAR(60), update_referential_action TINYINT, "
     "update_referential_action_desc NVARCHAR(60)"},
    {"sys.foreign_key_columns",
     "constraint_object_id INT, constraint_column_id INT, parent_object_id INT, "
     "parent_column_id INT, referenced_object_id INT, referenced_column_id INT"},
    {"sys.partitions",
     "partition_id BIGINT, object_id INT, index_id INT, partition_number INT, hobt_id BIGINT, "
     "rows BIGINT, data_compression TINYINT, data_compression_desc NVARCHAR(60)"},
    {"INFORMATION_SCHEMA.SCHEMATA",
     "CATALOG_NAME NVARCHAR(128), SCHEMA_NAME NVARCHAR(128), "
     "SCHEMA_OWNER NVARCHAR(128)"},
    {"INFORMATION_SCHEMA.TABLES",
     "TABLE_CATALOG NVARCHAR(128), TABLE_SCHEMA NVARCHAR(128), "
     "TABLE_NAME NVARCHAR(128), TABLE_TYPE VARCHAR(10)"},
    {"INFORMATION_SCHEMA.VIEWS",
     "TABLE_CATALOG NVARCHAR(128), TABLE_SCHEMA NVARCHAR(128), "
     "TABLE_NAME NVARCHAR(128), VIEW_DEFINITION NVARCHAR(4000), CHECK_OPTION VARCHAR(7), "
     "IS_UPDATABLE VARCHAR(2)"},
    {"INFORMATION_SCHEMA.COLUMNS",
     "TABLE_CATALOG NVARCHAR(128), TABLE_SCHEMA NVARCHAR(128), "
     "TABLE_NAME NVARCHAR(128), COLUMN_NAME NVARCHAR(128), ORDINAL_POSITION INT, "
     "COLUMN_DEFAULT NVARCHAR(4000), IS_NULLABLE VARCHAR(3), DATA_TYPE NVARCHAR(128), "
     "CHARACTER_MAXIMUM_LENGTH INT, CHARACTER_OCTET_LENGTH INT, "
     "NUMERIC_PRECISION TINYINT, NUMERIC_PRECISION_RADIX SMALLINT, "
     "NUMERIC_SCALE INT, DATETIME_PRECISION SMALLINT, "
     "CHARACTER_SET_NAME NVARCHAR(128), COLLATION_NAME NVARCHAR(128)"},
    {"INFORMATION_SCHEMA.TABLE_CONSTRAINTS",
     "CONSTRAINT_CATALOG NVARCHAR(128), CONSTRAINT_SCHEMA NVARCHAR(128), "
     "CONSTRAINT_NAME NVARCHAR(128), TABLE_CATALOG NVARCHAR(128), "
     "TABLE_SCHEMA NVARCHAR(128), TABLE_NAME NVARCHAR(128), "
     "CONSTRAINT_TYPE VARCHAR(11), IS_DEFERRABLE VARCHAR(2), "
     "INITIALLY_DEFERRED VARCHAR(2)"},
    {"INFORMATION_SCHEMA.KEY_COLUMN_USAGE",
     "CONSTRAINT_CATALOG NVARCHAR(128), CONSTRAINT_SCHEMA NVARCHAR(128), "
     "CONSTRAINT_NAME NVARCHAR(128), TABLE_CATALOG NVARCHAR(128), "
     "TABLE_SCHEMA NVARCHAR(128), TABLE_NAME NVARCHAR(128), "
     "COLUMN_NAME NVARCHAR(128), ORDINAL_POSITION INT"},
    {"INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS",
     "CONSTRAINT_CATALOG NVARCHAR(128), CONSTRAINT_SCHEMA NVARCHAR(128), CONSTRAINT_NAME "
     "NVARCHAR(128), "
     "UNIQUE_CONSTRAINT_CATALOG NVARCHAR(128), UNIQUE_CONSTRAINT_SCHEMA NVARCHAR(128), "
     "UNIQUE_CONSTRAINT_NAME NVARCHAR(128), MATCH_OPTION VARCHAR(7), UPDATE_RULE VARCHAR(11), "
     "DELETE_RULE VARCHAR(11)"},
};

// CREATE TEMP TABLE for a view: text columns compare case-insensitively (as under SQL Server's
// default collation), and (MAX), which SQLite types cannot take, goes into a quoted type name.
std::string catalog_table_ddl(const CatalogView& v);

}  // namespace gw::tdsdev
