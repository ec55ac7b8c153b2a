// A remote MCP server built with the official TypeScript SDK (@modelcontextprotocol/sdk), stateless
// Streamable HTTP on a free loopback port, which it prints as {"port": N}. Its one tool, "reverse",
// counts its calls; GET /_calls answers {"calls": {text: count}}, so a test sees what ran and how often.
import http from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const calls = {};

function newServer() {
  const server = new McpServer({ name: "hermes-test-node", version: "1.0.0" });
  server.registerTool(
    "reverse",
    { description: "Reverses a text", inputSchema: { text: z.string() } },
    async ({ text }) => {
      calls[text] = (calls[text] ?? 0) + 1;
      return { content: [{ type: "text", text: [...text].reverse().join("") }] };
    },
  );
  return server;
}

async function readJson(req) {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : undefined;
}

const httpServer = http.createServer(async (req, res) => {
  if (req.url === "/_calls") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ calls }));
    return;
  }
  if (req.url !== "/mcp") {
    res.statusCode = 404;
    res.end();
    return;
  }
  try {
    const server = newServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.method === "POST" ? await readJson(req) : undefined);
  } catch (e) {
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end(String(e));
    }
  }
});

httpServer.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: httpServer.address().port }));
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
