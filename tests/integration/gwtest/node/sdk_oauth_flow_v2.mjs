// The official TypeScript SDK v2 client (@modelcontextprotocol/client) with OAuth against one scope of a real
// gateway: versionNegotiation 'auto' meets a real 401 on its server/discover probe, discovers, registers, signs
// in through the HTML form, exchanges the code; then connects with 'auto' and pinned to 2026-07-28, lists the
// tools and runs execute_sql over 2026-07-28.
// usage: node sdk_oauth_flow_v2.mjs <endpoint URL, e.g. http://host/Demo/mcp> <user> <password> <T-SQL>
// Prints one JSON line: {"ok": true, ...facts} or {"ok": false, "error": ..., ...facts so far}.
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { oauthProvider, signIn } from './sdk_shared.mjs';

const [endpointUrl, user, password, sql] = process.argv.slice(2);
const STATE = 'sdk-v2-state-1';
const endpoint = new URL(endpointUrl);
const state = {};
const out = { runs: [] };
let authorizationUrl = null;

const provider = oauthProvider('SDK v2 integration test', STATE, state, () => {},
  (url) => { authorizationUrl = url; });

const newTransport = () => new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
const newClient = (mode) => new Client({ name: 'sdk-v2-oauth-integration', version: '1.0.0' },
  { capabilities: {}, versionNegotiation: { mode } });

try {
  const first = newTransport();
  try {
    await newClient('auto').connect(first);
    throw new Error('connected without a token');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  if (!authorizationUrl) throw new Error('the SDK did not ask for authorization');
  out.resource = state.discovery?.resourceMetadata?.resource ?? null;
  const { code, iss } = await signIn(authorizationUrl, user, password, STATE);
  await first.finishAuth(code, iss);  // RFC 9207: the v2 SDK checks iss against the issuer
  for (const mode of ['auto', { pin: '2026-07-28' }]) {
    const client = newClient(mode);
    await client.connect(newTransport());
    const result = await client.callTool({ name: 'execute_sql', arguments: { query: sql } });
    out.runs.push({ mode, version: client.getNegotiatedProtocolVersion(),
                    tools: (await client.listTools()).tools.map((t) => t.name),
                    rows: result.structuredContent?.resultSets?.[0]?.rows ?? null });
    await client.close();
  }
  console.log(JSON.stringify({ ok: true, ...out }));
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e), ...out }));
  process.exit(1);
}
