// The official TypeScript SDK v2 client (@modelcontextprotocol/client) with OAuth against one scope of a real
// gateway: versionNegotiation 'auto' meets a real 401 on its server/discover probe, discovers, registers, signs
// in through the HTML form, exchanges the code; then connects with 'auto' and pinned to 2026-07-28, lists the
// tools and runs execute_sql over 2026-07-28.
// usage: node sdk_oauth_flow_v2.mjs <endpoint URL, e.g. http://host/Demo/mcp> <user> <password> <T-SQL>
// Prints one JSON line: {"ok": true, ...facts} or {"ok": false, "error": ..., ...facts so far}.
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';

const [endpointUrl, user, password, sql] = process.argv.slice(2);
const REDIRECT = 'http://127.0.0.1:3000/callback';
const STATE = 'sdk-v2-state-1';
const endpoint = new URL(endpointUrl);
const state = {};
const out = { runs: [] };
let authorizationUrl = null;

const provider = {
  get redirectUrl() { return REDIRECT; },
  get clientMetadata() {
    return { client_name: 'SDK v2 integration test', redirect_uris: [REDIRECT],
             grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
             token_endpoint_auth_method: 'none' };
  },
  state: () => STATE,
  clientInformation: () => state.client,
  saveClientInformation: (c) => { state.client = c; },
  tokens: () => state.tokens,
  saveTokens: (t) => { state.tokens = t; },
  redirectToAuthorization: (url) => { authorizationUrl = url; },
  saveCodeVerifier: (v) => { state.verifier = v; },
  codeVerifier: () => state.verifier,
  discoveryState: () => state.discovery,
  saveDiscoveryState: (d) => { state.discovery = d; },
};

const newTransport = () => new StreamableHTTPClientTransport(endpoint, { authProvider: provider });
const newClient = (mode) => new Client({ name: 'sdk-v2-oauth-integration', version: '1.0.0' },
  { capabilities: {}, versionNegotiation: { mode } });

async function signIn(url) {
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
  const html = await page.text();
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
    .map((m) => [m[1], m[2]]));
  const action = html.match(/<form method="post" action="([^"]+)">/)[1];
  const body = new URLSearchParams({ ...fields, username: user, password, action: 'allow' });
  const res = await fetch(action, { method: 'POST', body, redirect: 'manual',
                                    headers: { Origin: new URL(action).origin } });
  if (res.status !== 302) throw new Error(`sign-in answered ${res.status}`);
  const q = new URL(res.headers.get('location')).searchParams;
  if (q.get('state') !== STATE) throw new Error('state not echoed');
  return [q.get('code'), q.get('iss')];  // RFC 9207: the v2 SDK checks iss against the issuer
}

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
  await first.finishAuth(...(await signIn(authorizationUrl)));
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
