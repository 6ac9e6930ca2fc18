#pragma once
// DDL of the demo database: SQL Server type names (read back through sqlite3_column_decltype),
// NOCASE text (SQL Server's default collation is case-insensitive), tables of schema s named
// "s.Name".

namespace gw::tdsdev {

inline constexpr const char* kDemoSchema = R"SQL(
CREATE TABLE "sales.Regions" (
  RegionID INT NOT NULL PRIMARY KEY,
  RegionName NVARCHAR(50) NOT NULL COLLATE NOCASE,
  Country NVARCHAR(50) NOT NULL COLLATE NOCASE
);
CREATE TABLE Categories (
  CategoryID INT NOT NULL PRIMARY KEY,
  CategoryName NVARCHAR(50) NOT NULL UNIQUE COLLATE NOCASE,
  Description "NVARCHAR(MAX)" NULL COLLATE NOCASE
);
CREATE TABLE Products (
  ProductID INT NOT NULL PRIMARY KEY,
  ProductName NVARCHAR(100) NOT NULL COLLATE NOCASE,
  CategoryID INT NOT NULL REFERENCES Categories (CategoryID),
  Category NVARCHAR(50) NOT NULL COLLATE NOCASE,
  Price DECIMAL(10,2) NOT NULL,
  UnitsInStock SMALLINT NOT NULL,
  ReorderLevel TINYINT NOT NULL,
  Discontinued BIT NOT NULL,
  WeightKg REAL NULL,
  SKU UNIQUEIDENTIFIER NOT NULL,
  CreatedAt DATETIME2(7) NOT NULL
);
CREATE TABLE Customers (
  CustomerID INT NOT NULL PRIMARY KEY,
  FirstName NVARCHAR(50) NOT NULL COLLATE NOCASE,
  LastName NVARCHAR(50) NOT NULL COLLATE NOCASE,
  Email NVARCHAR(100) NULL COLLATE NOCASE,
  Phone VARCHAR(20) NULL,
  City NVARCHAR(50) NOT NULL COLLATE NOCASE,
  State CHAR(2) NOT NULL COLLATE NOCASE,
  RegionID INT NOT NULL REFERENCES "sales.Regions" (RegionID),
  CreditLimit MONEY NOT NULL,
  IsActive BIT NOT NULL,
  BirthDate DATE NULL,
  CreatedAt DATETIME NOT NULL
);
CREATE TABLE Employees (
  EmployeeID INT NOT NULL PRIMARY KEY,
  FirstName NVARCHAR(50) NOT NULL COLLATE NOCASE,
  LastName NVARCHAR(50) NOT NULL COLLATE NOCASE,
  Title NVARCHAR(50) NOT NULL COLLATE NOCASE,
  ManagerID INT NULL REFERENCES Employees (EmployeeID),
  HireDate DATE NOT NULL,
  Salary DECIMAL(12,2) NOT NULL,
  ShiftStart TIME(0) NULL,
  Badge VARBINARY(16) NULL
);
CREATE TABLE Orders (
  OrderID INT NOT NULL PRIMARY KEY,
  CustomerID INT NOT NULL REFERENCES Customers (CustomerID),
  EmployeeID INT NOT NULL REFERENCES Employees (EmployeeID),
  OrderDate DATETIME NOT NULL,
  ShippedDate DATETIME2(3) NULL,
  Status VARCHAR(20) NOT NULL COLLATE NOCASE,
  ShipState CHAR(2) NOT NULL COLLATE NOCASE,
  TotalAmount MONEY NOT NULL,
  OrderGuid UNIQUEIDENTIFIER NOT NULL,
  LastModified DATETIMEOFFSET(7) NOT NULL
);
CREATE TABLE OrderDetails (
  OrderDetailID INT NOT NULL PRIMARY KEY,
  OrderID INT NOT NULL REFERENCES Orders (OrderID),
  ProductID INT NOT NULL REFERENCES Products (ProductID),
  Quantity SMALLINT NOT NULL,
  UnitPrice DECIMAL(10,2) NOT NULL,
  Discount FLOAT NOT NULL
);
CREATE TABLE AllTypes (
  ID INT NOT NULL PRIMARY KEY,
  c_int INT NULL, c_bigint BIGINT NULL, c_smallint SMALLINT NULL, c_tinyint TINYINT NULL, c_bit BIT NULL,
  c_decimal DECIMAL(18,4) NULL, c_numeric NUMERIC(10,2) NULL, c_float FLOAT NULL, c_real REAL NULL,
  c_money MONEY NULL, c_nvarchar NVARCHAR(50) NULL, c_varchar VARCHAR(50) NULL,
  c_nvarchar_max "NVARCHAR(MAX)" NULL, c_date DATE NULL, c_time TIME(7) NULL, c_datetime DATETIME NULL,
  c_datetime2 DATETIME2(7) NULL, c_datetimeoffset DATETIMEOFFSET(7) NULL,
  c_uniqueidentifier UNIQUEIDENTIFIER NULL, c_varbinary VARBINARY(50) NULL, c_varbinary_max "VARBINARY(MAX)" NULL
);
CREATE INDEX IX_Customers_State ON Customers (State);
CREATE INDEX IX_Orders_CustomerID ON Orders (CustomerID);
CREATE INDEX IX_OrderDetails_OrderID ON OrderDetails (OrderID);
CREATE VIEW vw_CustomerOrders AS
  SELECT c.CustomerID, c.FirstName, c.LastName, c.State, o.OrderID, o.OrderDate, o.Status, o.TotalAmount
  FROM Customers c JOIN Orders o ON o.CustomerID = c.CustomerID;
INSERT INTO AllTypes VALUES
  (1, 2147483647, 9223372036854775807, -32768, 255, 1, '123456.7890', '-12.50', 3.141592653589793, 2.5,
   '12345678901.2345', 'Zoë – 日本語 ✓', 'café', 'long ' || printf('%.5000c', 'x'), '2024-02-29',
   '23:59:59.1234567', '2024-02-29 13:45:30.123', '0001-01-01 00:00:00.0000001',
   '2024-02-29 13:45:30.1234567 +05:30', '6F9619FF-8B86-D011-B42D-00C04FC964FF', X'DEADBEEF00', X'00FF'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL),
  (3, -2147483648, -9223372036854775808, 32767, 0, 0, '-0.0001', '0.00', -1.5e-10, -0.25,
   '-214748.3648', '', '', '', '9999-12-31', '00:00:00', '1753-01-01 00:00:00.000',
   '9999-12-31 23:59:59.9999999', '1999-12-31 23:00:00 -08:00', '00000000-0000-0000-0000-000000000000', X'',
   X'');
)SQL";

}  // namespace gw::tdsdev
