"""gwtest: the integration tests' helpers, one package (tests/integration/README.md shows how to use it).

    processes    Gateway and Devserver on loopback (ports the OS picks), shared_devserver, free_port
    http_client  Http (the one HTTP client), SseStream, initialize_body, tools_call, rows_of
    oauth        OAuthFlow (register, sign in, tokens), sign_in, pkce_pair, hash_password, call_sql
    fixtures     GatewayTest and GatewayBehindNginx: what a test class starts once, and its clients
    nginx        NginxInFront (a real NGINX with the generated site), TestCertificates
    npm          the one npm directory (GW_NPM_DIR), node scripts of gwtest/node/, the conformance CLI
    sdk          the official SDK's OAuth flow (node/sdk_oauth_flow.mjs) and what its results must show

meson puts tests/integration on PYTHONPATH (tests/integration/meson.build), so `import gwtest` works in
every test program.
"""
