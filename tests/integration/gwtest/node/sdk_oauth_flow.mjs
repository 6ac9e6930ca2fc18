// The official TypeScript SDK (@modelcontextprotocol/sdk) as an MCP client with OAuth, against one scope of a
// real gateway, the way an application uses it: a Client on a StreamableHTTPClientTransport (/mcp) or an
// SSEClientTransport (/sse) given an OAuthClientProvider. The first connect meets a real 401 whose
// WWW-Authenticate names the protected-resource metadata; the SDK discovers the authorization server,
// registers (RFC 7591), and hands this script the authorize URL, where it signs in through the HTML form as a
// person would; finishAuth exchanges the code; a new connection lists the tools and runs execute_sql; then two
// refreshes: one asked for (auth() with the stored refresh token, as before an expiry) and one the SDK does by
// itself when the server refuses a stale access token with 401 invalid_token.
//
// The provider's state (client, tokens, discovery) lives in a JSON file, so `resume` (after a gateway restart)
// starts from what the last run kept: the old access token, then the old refresh token, never a sign-in.
//
// usage: node sdk_oauth_flow.mjs <full|resume> <scope URL, e.g. https://host/demo> <mcp|sse> <state file>
//                                <user> <password> <T-SQL for execute_sql>
// Prints one JSON line: {"ok": true, ...facts} or {"ok": false, "error": ..., ...facts so far}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import fs from 'node:fs';
import { oauthProvider, signIn } from './sdk_shared.mjs';

const [mode, scopeUrl, kind, stateFile, user, password, sql] = process.argv.slice(2);
const STATE = 'sdk-state-1';
const endpoint = new URL(`${scopeUrl}/${kind === 'sse' ? 'sse' : 'mcp'}`);

const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {};
const save = () => fs.writeFileSync(stateFile, JSON.stringify(state));
const out = { mode, kind, trace: [] };
let authorizationUrl = null;

// Every request the SDK makes (MCP and OAuth), as "METHOD /path status", in order. Over SSE a tool's
// answer can arrive on the stream before its POST's 202, so the output waits for requests in flight.
const inFlight = new Set();
async function tracedFetch(url, init) {
  const request = fetch(url, init);
  inFlight.add(request);
  try {
    const res = await request;
    out.trace.push(`${init?.method ?? 'GET'} ${new URL(String(url)).pathname} ${res.status}`);
    return res;
  } finally {
    inFlight.delete(request);
  }
}

const provider = oauthProvider('SDK integration test', STATE, state, save,
  (url) => { authorizationUrl = url; });

function newTransport() {
  const options = { authProvider: provider, fetch: tracedFetch };
  return kind === 'sse' ? new SSEClientTransport(endpoint, options)
                        : new StreamableHTTPClientTransport(endpoint, options);
}

function newClient() {
  return new Client({ name: 'sdk-oauth-integration', version: '1.0.0' }, { capabilities: {} });
}

// execute_sql through the client; the first result set's rows (or the error text).
async function callSql(client) {
  const result = await client.callTool({ name: 'execute_sql', arguments: { query: sql } });
  const sets = result.structuredContent?.resultSets ?? [];
  return { isError: result.isError === true, rows: sets[0]?.rows ?? null,
           text: result.isError ? result.content?.[0]?.text : undefined };
}

// The server no longer knows the stored access token (as after its expiry): the next request gets 401
// invalid_token and the SDK must refresh with the stored refresh token and retry on its own.
function staleAccessToken() {
  state.tokens = { ...state.tokens, access_token: `stale-${Date.now()}` };
  save();
}

async function fullFlow() {
  const first = newTransport();
  try {
    await newClient().connect(first);
    throw new Error('connected without a token');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  if (!authorizationUrl) throw new Error('the SDK did not ask for authorization');
  out.authorization_url = String(authorizationUrl);
  out.discovery = { resource_metadata_url: state.discovery?.resourceMetadataUrl ?? null,
                    resource: state.discovery?.resourceMetadata?.resource ?? null,
                    issuer: state.discovery?.authorizationServerMetadata?.issuer ?? null };
  out.client_id = state.client?.client_id;
  const { code, iss } = await signIn(authorizationUrl, user, password, STATE);
  out.iss = iss;
  await first.finishAuth(code);
  out.tokens = [state.tokens];

  const client = newClient();
  await client.connect(newTransport());
  out.server = client.getServerVersion()?.name;
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  out.calls = [await callSql(client)];

  const proactive = await auth(provider, { serverUrl: endpoint, fetchFn: tracedFetch });
  if (proactive !== 'AUTHORIZED') throw new Error(`refresh gave ${proactive}`);
  out.tokens.push(state.tokens);
  out.calls.push(await callSql(client));

  staleAccessToken();
  out.calls.push(await callSql(client));
  out.tokens.push(state.tokens);
  await Promise.allSettled([...inFlight]);  // before close() aborts them
  await client.close();
}

async function resumeFlow() {
  if (!state.tokens?.refresh_token) throw new Error('no stored refresh token');
  out.tokens = [state.tokens];
  const client = newClient();
  await client.connect(newTransport());
  out.calls = [await callSql(client)];
  staleAccessToken();
  out.calls.push(await callSql(client));
  out.tokens.push(state.tokens);
  await Promise.allSettled([...inFlight]);  // before close() aborts them
  await client.close();
}

try {
  if (mode === 'full') await fullFlow();
  else if (mode === 'resume') await resumeFlow();
  else throw new Error(`unknown mode ${mode}`);
  out.signed_in_again = mode === 'resume' && authorizationUrl !== null;
  console.log(JSON.stringify({ ok: true, ...out }));
  process.exit(0);  // an SSE stream the SDK left open must not keep the process alive
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e), ...out }));
  process.exit(1);
}
