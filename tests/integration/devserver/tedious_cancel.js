// node's tedious cancels running requests (TDS ATTENTION): a WAITFOR DELAY and a streaming SELECT.
// The connection must stay usable afterwards. Usage: NODE_PATH=... node tedious_cancel.js PORT USER PASSWORD
'use strict';
const { Connection, Request } = require('tedious');

const [port, user, password] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const failures = [];

function connect() {
  return new Promise((resolve, reject) => {
    const c = new Connection({
      server: '127.0.0.1',
      authentication: { type: 'default', options: { userName: user, password } },
      options: { port, encrypt: false, connectTimeout: 10000, requestTimeout: 60000 },
    });
    c.on('connect', (err) => (err ? reject(err) : resolve(c)));
    c.connect();
  });
}

// Runs sql, calls cancel() when `when` says so; resolves with {err, rows, ms}.
function runAndCancel(conn, sql, when) {
  return new Promise((resolve) => {
    const start = Date.now();
    let rows = 0;
    const req = new Request(sql, (err) => resolve({ err, rows, ms: Date.now() - start }));
    req.on('row', () => { rows += 1; if (when.afterRows && rows === when.afterRows) conn.cancel(); });
    conn.execSqlBatch(req);
    if (when.afterMs) setTimeout(() => conn.cancel(), when.afterMs);
  });
}

function scalar(conn, sql) {
  return new Promise((resolve, reject) => {
    let value;
    const req = new Request(sql, (err) => (err ? reject(err) : resolve(value)));
    req.on('row', (cols) => { value = cols[0].value; });
    conn.execSqlBatch(req);
  });
}

async function main() {
  const conn = await connect();
  const wait = await runAndCancel(conn, "WAITFOR DELAY '00:00:30'; SELECT 1 AS never", { afterMs: 300 });
  if (!wait.err || wait.err.code !== 'ECANCEL') failures.push(`WAITFOR: expected ECANCEL, got ${wait.err}`);
  if (wait.ms > 5000) failures.push(`WAITFOR cancel took ${wait.ms} ms`);
  if ((await scalar(conn, 'SELECT 41 + 1')) !== 42) failures.push('connection unusable after WAITFOR cancel');

  const big = await runAndCancel(conn, 'SELECT ID, Val, Label FROM dbo.BigTable ORDER BY ID', { afterRows: 1000 });
  if (!big.err || big.err.code !== 'ECANCEL') failures.push(`SELECT: expected ECANCEL, got ${big.err}`);
  if (big.rows >= 200000) failures.push(`SELECT was not cut short: ${big.rows} rows`);
  if ((await scalar(conn, "SELECT N'still here'")) !== 'still here') failures.push('connection unusable after SELECT cancel');
  conn.close();
}

main().then(() => {
  if (failures.length) { console.log(failures.join('\n')); process.exit(1); }
  console.log('tedious cancel: all checks passed');
}, (e) => { console.log('tedious cancel: ' + (e.stack || e)); process.exit(1); });
