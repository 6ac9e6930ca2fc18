// node's tedious against tds-devserver: login, a batch, sp_executesql with parameters, every type.
// Usage: NODE_PATH=DIR/node_modules node tedious_types.js PORT USER PASSWORD
'use strict';
const { Connection, Request, TYPES } = require('tedious');

const [port, user, password] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const failures = [];

function check(what, got, want) {
  const g = got instanceof Date ? got.toISOString() : Buffer.isBuffer(got) ? got.toString('hex') : got;
  const w = want instanceof Date ? want.toISOString() : Buffer.isBuffer(want) ? want.toString('hex') : want;
  if (g !== w) failures.push(`${what}: got ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
}

function connect(pass) {
  return new Promise((resolve, reject) => {
    const c = new Connection({
      server: '127.0.0.1',
      authentication: { type: 'default', options: { userName: user, password: pass } },
      options: { port, database: 'DemoDB', encrypt: false, trustServerCertificate: true,
                 connectTimeout: 10000, requestTimeout: 30000, useUTC: true },
    });
    c.on('connect', (err) => (err ? reject(err) : resolve(c)));
    c.connect();
  });
}

// Runs a request and collects every result set as arrays of {column: value}.
function run(conn, sql, params, viaExecSql) {
  return new Promise((resolve, reject) => {
    const sets = [];
    let current = null;
    const req = new Request(sql, (err, rowCount) => (err ? reject(err) : resolve({ sets, rowCount })));
    for (const [name, type, value, opts] of params || []) req.addParameter(name, type, value, opts);
    req.on('columnMetadata', () => { current = []; sets.push(current); });
    req.on('row', (cols) => {
      const row = {};
      for (const c of cols) row[c.metadata.colName] = c.value;
      current.push(row);
    });
    if (viaExecSql) conn.execSql(req); else conn.execSqlBatch(req);
  });
}

async function main() {
  try {
    await connect('wrong-password');
    failures.push('wrong password accepted');
  } catch (e) {
    check('wrong password message', /Login failed for user/.test(e.message), true);
  }
  const conn = await connect(password);

  const all = await run(conn, 'SELECT * FROM dbo.AllTypes ORDER BY ID');
  const [r1, r2, r3] = all.sets[0];
  check('rows', all.sets[0].length, 3);
  check('int', r1.c_int, 2147483647);
  check('bigint', r1.c_bigint, '9223372036854775807');
  check('smallint', r1.c_smallint, -32768);
  check('tinyint', r1.c_tinyint, 255);
  check('bit', r1.c_bit, true);
  check('decimal', r1.c_decimal, 123456.789);
  check('numeric', r1.c_numeric, -12.5);
  check('float', r1.c_float, 3.141592653589793);
  check('real', r1.c_real, 2.5);
  check('money', r1.c_money, 12345678901.2345);
  check('nvarchar', r1.c_nvarchar, 'Zoë – 日本語 ✓');
  check('varchar', r1.c_varchar, 'café');
  check('nvarchar(max)', r1.c_nvarchar_max, 'long ' + 'x'.repeat(5000));
  check('date', r1.c_date, new Date(Date.UTC(2024, 1, 29)));
  check('time', r1.c_time, new Date(Date.UTC(1970, 0, 1, 23, 59, 59, 123)));
  check('datetime', r1.c_datetime, new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123)));
  check('datetime2', r1.c_datetime2, new Date('0001-01-01T00:00:00.000Z'));
  check('datetimeoffset', r1.c_datetimeoffset, new Date(Date.UTC(2024, 1, 29, 8, 15, 30, 123)));
  check('uniqueidentifier', r1.c_uniqueidentifier, '6F9619FF-8B86-D011-B42D-00C04FC964FF');
  check('varbinary', r1.c_varbinary, Buffer.from('deadbeef00', 'hex'));
  check('varbinary(max)', r1.c_varbinary_max, Buffer.from('00ff', 'hex'));
  for (const [k, v] of Object.entries(r2)) if (k !== 'ID') check(`NULL ${k}`, v, null);
  check('min int', r3.c_int, -2147483648);
  check('false bit', r3.c_bit, false);
  check('empty nvarchar', r3.c_nvarchar, '');

  // A batch with several result sets.
  const batch = await run(conn, "SET NOCOUNT ON; SELECT 1 AS a; SELECT N'two' AS b, 2.5 AS c");
  check('batch sets', batch.sets.length, 2);
  check('batch a', batch.sets[0][0].a, 1);
  check('batch b', batch.sets[1][0].b, 'two');

  // sp_executesql with typed parameters.
  const p = await run(conn,
    'SELECT CustomerID, FirstName, State FROM dbo.Customers WHERE CustomerID = @id OR (State = @st AND CustomerID < @lim) ORDER BY CustomerID',
    [['id', TYPES.Int, 7], ['st', TYPES.NVarChar, 'ny'], ['lim', TYPES.BigInt, 0]], true);
  check('execsql rows', p.sets[0].length, 1);
  check('execsql name', p.sets[0][0].FirstName, 'David');
  const q = await run(conn,
    'SELECT @d AS d, @dt AS dt, @g AS g, @b AS b, @n AS n, @x AS x, @f AS f',
    [['d', TYPES.Date, new Date(Date.UTC(2024, 0, 2))], ['dt', TYPES.DateTime2, new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
     ['g', TYPES.UniqueIdentifier, '6F9619FF-8B86-D011-B42D-00C04FC964FF'], ['b', TYPES.VarBinary, Buffer.from('0102', 'hex')],
     ['n', TYPES.Decimal, 12.5, { precision: 10, scale: 2 }], ['x', TYPES.NVarChar, null], ['f', TYPES.Float, 1.25]], true);
  const row = q.sets[0][0];
  check('param date', row.d, '2024-01-02');
  check('param datetime2', row.dt, '2024-01-02 03:04:05.0000000');
  check('param guid', row.g, '6F9619FF-8B86-D011-B42D-00C04FC964FF');
  check('param varbinary', row.b, Buffer.from('0102', 'hex'));
  check('param decimal', row.n, 12.5);
  check('param null', row.x, null);
  check('param float', row.f, 1.25);

  const upd = await run(conn, 'UPDATE dbo.Products SET UnitsInStock = UnitsInStock WHERE CategoryID = @c',
    [['c', TYPES.Int, 1]], true);
  check('update rowCount', upd.rowCount, 10);

  // A pooled client's connection reset rolls back what the previous user left open.
  await run(conn, "BEGIN TRAN; UPDATE dbo.Categories SET Description = N'left open' WHERE CategoryID = 1");
  check('open transaction', (await run(conn, 'SELECT @@TRANCOUNT AS n')).sets[0][0].n, 1);
  await new Promise((resolve, reject) => conn.reset((err) => (err ? reject(err) : resolve())));
  check('after reset: @@TRANCOUNT', (await run(conn, 'SELECT @@TRANCOUNT AS n')).sets[0][0].n, 0);
  check('after reset: rolled back',
    (await run(conn, 'SELECT Description AS d FROM dbo.Categories WHERE CategoryID = 1')).sets[0][0].d,
    'All Beverages products');

  try {
    await run(conn, 'SELECT * FROM dbo.Nope');
    failures.push('unknown table: no error');
  } catch (e) {
    check('208 number', e.number, 208);
    check('208 message', e.message, "Invalid object name 'dbo.Nope'.");
  }
  conn.close();
}

main().then(() => {
  if (failures.length) { console.log(failures.join('\n')); process.exit(1); }
  console.log('tedious: all checks passed');
}, (e) => { console.log('tedious: ' + (e.stack || e)); process.exit(1); });
