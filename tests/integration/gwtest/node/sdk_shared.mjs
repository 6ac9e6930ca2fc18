// What the SDK v1 and v2 client scripts share: the check tally their output ends with, the OAuth client
// provider (the SDK's OAuthClientProvider interface, the same in both), and the person at the browser who
// signs in through the gateway's HTML form. Imports no SDK, so it serves both.

export const REDIRECT = 'http://127.0.0.1:3000/callback';

// One line per check; finish() prints "N passed, M failed" (what the Python side reads) and exits 1 on any
// failure or when nothing was checked.
export function checker() {
  let passed = 0;
  let failed = 0;
  return {
    check(name, ok, detail = '') {
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : ': ' + detail}`);
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
  };
}

// A public client (RFC 7591 registration, PKCE) whose client, tokens, verifier and discovery live in `state`;
// save() is called after each change; the authorize URL the SDK asks to open goes to onRedirect(url).
export function oauthProvider(clientName, stateValue, state, save, onRedirect) {
  return {
    get redirectUrl() { return REDIRECT; },
    get clientMetadata() {
      return { client_name: clientName, redirect_uris: [REDIRECT],
               grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
               token_endpoint_auth_method: 'none' };
    },
    state: () => stateValue,
    clientInformation: () => state.client,
    saveClientInformation: (c) => { state.client = c; save(); },
    tokens: () => state.tokens,
    saveTokens: (t) => { state.tokens = t; save(); },
    redirectToAuthorization: (url) => { onRedirect(url); },
    saveCodeVerifier: (v) => { state.verifier = v; save(); },
    codeVerifier: () => state.verifier,
    discoveryState: () => state.discovery,
    saveDiscoveryState: (d) => { state.discovery = d; save(); },
  };
}

// The person at the browser: open the sign-in page, post the form, read where it redirects. Returns the
// code and the iss parameter (RFC 9207) of the redirect to REDIRECT.
export async function signIn(url, user, password, expectedState) {
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
  if (q.get('state') !== expectedState) throw new Error('state not echoed');
  return { code: q.get('code'), iss: q.get('iss') };
}
