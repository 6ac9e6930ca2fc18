// The official TypeScript SDK v2 client (@modelcontextprotocol/client) against a running gateway:
// versionNegotiation 'auto' (server/discover probe, then 2026-07-28) and pinned to 2026-07-28, over /mcp and
// the POST /sse path; tools, a tool call and a subscriptions/listen stream.
// Usage: node sdk_client_v2.mjs <base url, e.g. http://127.0.0.1:1234/demo>
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { checker } from "./sdk_shared.mjs";

const base = process.argv[2];
const { check, finish } = checker();

async function exercise(path, mode) {
  const label = `${path} ${JSON.stringify(mode)}`;
  const client = new Client({ name: "gateway-integration-v2", version: "1.0.0" },
    { capabilities: {}, versionNegotiation: { mode } });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(base + path)));
    check(`${label}: negotiated 2026-07-28`, client.getNegotiatedProtocolVersion() === "2026-07-28",
      String(client.getNegotiatedProtocolVersion()));
    const info = client.getServerVersion();
    check(`${label}: serverInfo`, info && info.name === "mssql-mcp-gateway", JSON.stringify(info));
    check(`${label}: instructions name T-SQL`, (client.getInstructions() || "").includes("T-SQL"));
    check(`${label}: tools capability`, !!(client.getServerCapabilities() || {}).tools);
    const { tools } = await client.listTools();
    check(`${label}: tools/list in a fixed order`,
      JSON.stringify(tools.map((t) => t.name)) ===
        JSON.stringify(["list_tables", "describe_table", "get_table_sample", "execute_sql", "search_objects"]),
      JSON.stringify(tools.map((t) => t.name)));
    const result = await client.callTool({ name: "list_tables", arguments: {} });
    check(`${label}: tools/call returns content`, Array.isArray(result.content), JSON.stringify(result));
    try {
      await client.callTool({ name: "no_such_tool", arguments: {} });
      check(`${label}: unknown tool is refused`, false, "no error");
    } catch (e) {
      check(`${label}: unknown tool is refused`, String(e).includes("Unknown tool: no_such_tool"), String(e));
    }
    const subscription = await client.listen({ toolsListChanged: true });
    check(`${label}: subscriptions/listen acknowledged`, !!subscription, String(subscription));
    if (subscription && subscription.close) await subscription.close();
  } catch (e) {
    check(`${label}: connect`, false, e && e.stack ? e.stack : String(e));
  } finally {
    await client.close().catch(() => {});
  }
}

for (const path of ["/mcp", "/sse"]) {
  for (const mode of ["auto", { pin: "2026-07-28" }]) await exercise(path, mode);
}
finish();
