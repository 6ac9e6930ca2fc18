// The official TypeScript SDK's OAuth client (@modelcontextprotocol/sdk, client/auth.js) against a
// scope's authorization server: RFC 9728 discovery from the MCP URL, RFC 8414 metadata, dynamic
// registration, the authorization request (this script signs in by posting the HTML form, as a
// person would), the code exchange, and refresh. The provider's state lives in a JSON file so a second
// run (after a gateway restart) can refresh with the old refresh token.
//
// usage: node sdk_oauth_flow.mjs <mode: full|refresh> <server url …/demo/mcp> <state file> <user> <password>
// prints one JSON line: {"ok": true, "steps": [...], "access_token_len": …} or {"ok": false, "error": …}
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import fs from 'node:fs';

const [mode, serverUrl, stateFile, user, password] = process.argv.slice(2);
const REDIRECT = 'http://127.0.0.1:3000/callback';

const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {};
const save = () => fs.writeFileSync(stateFile, JSON.stringify(state));
let authorizationUrl = null;

const provider = {
  get redirectUrl() { return REDIRECT; },
  get clientMetadata() {
    return { client_name: 'SDK integration test', redirect_uris: [REDIRECT],
             grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
             token_endpoint_auth_method: 'none' };
  },
  state: () => 'sdk-state-1',
  clientInformation: () => state.client,
  saveClientInformation: (c) => { state.client = c; save(); },
  tokens: () => state.tokens,
  saveTokens: (t) => { state.tokens = t; save(); },
  redirectToAuthorization: (url) => { authorizationUrl = url; },
  saveCodeVerifier: (v) => { state.verifier = v; save(); },
  codeVerifier: () => state.verifier,
  discoveryState: () => state.discovery,
  saveDiscoveryState: (d) => { state.discovery = d; save(); },
};

// The person at the browser: open the sign-in page, post the form, read the redirect.
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
  if (res.status !== 302) throw new Error(`sign-in answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const location = new URL(res.headers.get('location'));
  if (location.origin + location.pathname !== REDIRECT) throw new Error(`redirected to ${location}`);
  const q = location.searchParams;
  if (q.get('error')) throw new Error(`authorization error ${q.get('error')}: ${q.get('error_description')}`);
  if (q.get('state') !== 'sdk-state-1') throw new Error('state not echoed');
  if (q.get('iss') !== state.discovery.authorizationServerMetadata.issuer) throw new Error(`iss ${q.get('iss')}`);
  return q.get('code');
}

const steps = [];
try {
  if (mode === 'full') {
    const first = await auth(provider, { serverUrl });
    steps.push(first);
    if (first !== 'REDIRECT' || !authorizationUrl) throw new Error(`expected REDIRECT, got ${first}`);
    const requested = new URL(authorizationUrl);
    steps.push(`resource=${requested.searchParams.get('resource')}`);
    steps.push(`scope=${requested.searchParams.get('scope')}`);
    const code = await signIn(authorizationUrl);
    steps.push(await auth(provider, { serverUrl, authorizationCode: code }));
  }
  const before = state.tokens;
  if (!before?.refresh_token) throw new Error('no refresh token');
  const refreshed = await auth(provider, { serverUrl });
  steps.push(refreshed);
  if (refreshed !== 'AUTHORIZED') throw new Error(`refresh gave ${refreshed}`);
  if (state.tokens.refresh_token === before.refresh_token) throw new Error('refresh token not rotated');
  if (state.tokens.access_token === before.access_token) throw new Error('access token not renewed');
  console.log(JSON.stringify({ ok: true, steps, access_token_len: state.tokens.access_token.length,
                               client_id: state.client.client_id,
                               issuer: state.discovery.authorizationServerMetadata.issuer,
                               resource: state.discovery.resourceMetadata?.resource }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, steps, error: String(e?.stack ?? e) }));
  process.exitCode = 1;
}
