// The official TypeScript SDK client against a running gateway: Streamable HTTP and legacy SSE, each
// supported protocol version. Usage: node sdk_client.mjs <base url, e.g. http://127.0.0.1:1234/demo>
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { checker } from "./sdk_shared.mjs";

const base = process.argv[2];
const VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
const { check, finish } = checker();

// The SDK client always asks for its latest version; this wrapper rewrites initialize so each version
// we support is negotiated for real, and records what the server answered.
function pinVersion(transport, version, seen) {
  return new Proxy(transport, {
    get(target, prop) {
      if (prop === "send") {
        return (message, options) => {
          if (message.method === "initialize") message.params.protocolVersion = version;
          return target.send(message, options);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(target, prop, value) {
      if (prop === "onmessage" && typeof value === "function") {
        const inner = value;
        value = (message, extra) => {
          if (message.result && message.result.protocolVersion) seen.version = message.result.protocolVersion;
          return inner(message, extra);
        };
      }
      return Reflect.set(target, prop, value);
    },
  });
}

async function exercise(kind, version) {
  const label = `${kind} ${version}`;
  const url = new URL(base + (kind === "streamable-http" ? "/mcp" : "/sse"));
  const raw = kind === "streamable-http" ? new StreamableHTTPClientTransport(url) : new SSEClientTransport(url);
  const seen = {};
  const client = new Client({ name: "gateway-integration", version: "1.0.0" }, { capabilities: {} });
  try {
    await client.connect(pinVersion(raw, version, seen));
    check(`${label}: negotiated`, seen.version === version, `got ${seen.version}`);
    const info = client.getServerVersion();
    check(`${label}: serverInfo`, info && info.name === "mssql-mcp-gateway", JSON.stringify(info));
    check(`${label}: instructions name T-SQL`, (client.getInstructions() || "").includes("T-SQL"));
    check(`${label}: tools capability`, !!(client.getServerCapabilities() || {}).tools);
    check(`${label}: ping`, JSON.stringify(await client.ping()) === "{}");
    await client.setLoggingLevel("warning");
    check(`${label}: logging/setLevel`, true);
    const { tools } = await client.listTools();
    check(`${label}: tools/list`, Array.isArray(tools), JSON.stringify(tools));
    for (const tool of tools) {
      check(`${label}: tool ${tool.name} has a description and an object schema`,
        typeof tool.description === "string" && tool.inputSchema && tool.inputSchema.type === "object");
      try {
        const result = await client.callTool({ name: tool.name, arguments: {} });
        check(`${label}: tools/call ${tool.name} returns content`, Array.isArray(result.content));
      } catch (e) {
        // A tool may refuse empty arguments as invalid params; anything else is a failure.
        check(`${label}: tools/call ${tool.name}`, e instanceof McpError && e.code === -32602, String(e));
      }
    }
    try {
      await client.callTool({ name: "no_such_tool", arguments: {} });
      check(`${label}: unknown tool is refused`, false, "no error");
    } catch (e) {
      check(`${label}: unknown tool is refused`,
        e instanceof McpError && e.code === -32602 && e.message.includes("Unknown tool: no_such_tool"), String(e));
    }
    if (kind === "streamable-http") {
      const sessionId = raw.sessionId;
      check(`${label}: session id issued`, typeof sessionId === "string" && sessionId.length >= 22);
      await raw.terminateSession();
      const after = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream",
                   "mcp-session-id": sessionId },
        body: JSON.stringify({ jsonrpc: "2.0", id: 99, method: "ping" }),
      });
      check(`${label}: ended session answers 404`, after.status === 404, `status ${after.status}`);
    }
  } catch (e) {
    check(`${label}: session`, false, e && e.stack ? e.stack : String(e));
  } finally {
    await client.close().catch(() => {});
  }
}

for (const kind of ["streamable-http", "sse"]) {
  for (const version of VERSIONS) await exercise(kind, version);
}
finish();
