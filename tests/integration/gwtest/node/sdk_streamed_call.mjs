// One execute_sql call through the official TypeScript SDK client (v1) over Streamable HTTP, with a
// progress callback, so the SDK sends _meta.progressToken and the gateway answers with an SSE event it
// may write while the rows arrive. The SDK validates structuredContent against the tool's outputSchema
// (callTool fetches tools/list first). Usage: node sdk_streamed_call.mjs <mcp url> <query>
// Prints one JSON line: {ok, isError, blocks, texts (each block's first 200 characters), rowCounts,
// mirrorEqual (the text block parses to structuredContent), error}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, query] = process.argv.slice(2);
const client = new Client({ name: "gateway-streamed-call", version: "1.0.0" }, { capabilities: {} });
const out = { ok: false };
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  await client.listTools();
  const result = await client.callTool({ name: "execute_sql", arguments: { query } }, undefined,
    { onprogress: () => {}, timeout: 120000 });
  out.ok = true;
  out.isError = result.isError === true;
  out.blocks = result.content.length;
  out.texts = result.content.map((b) => String(b.text).slice(0, 200));
  if (result.structuredContent) {
    out.rowCounts = result.structuredContent.resultSets.map((s) => s.rows.length);
    out.mirrorEqual = JSON.stringify(JSON.parse(result.content[0].text)) ===
      JSON.stringify(result.structuredContent);
  }
} catch (e) {
  out.error = e && e.stack ? e.stack : String(e);
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
