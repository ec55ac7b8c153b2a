// The official openai Node SDK sends a Responses request with an `mcp` tool (a remote MCP server, here the
// TypeScript SDK's test server at MCP_URL) and reads the mcp_list_tools and mcp_call output items, plain and streamed.
import OpenAI from 'openai';
import { env, report, assert } from './lib.mjs';

const serverUrl = process.env.MCP_URL;
assert.ok(serverUrl, 'MCP_URL is not set');

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });
  const tools = [{
    type: 'mcp', server_label: 'node', server_url: serverUrl, require_approval: 'never',
    allowed_tools: ['reverse'], headers: { 'X-Client': 'openai-node' },
  }];

  const plain = await client.responses.create({ model: env.model, input: 'reverse it', tools });
  const list = plain.output.find((item) => item.type === 'mcp_list_tools');
  const call = plain.output.find((item) => item.type === 'mcp_call');
  assert.ok(list && list.type === 'mcp_list_tools', 'an mcp_list_tools item');
  assert.ok(call && call.type === 'mcp_call', 'an mcp_call item');

  const types = [];
  let streamedCall = null;
  const stream = await client.responses.create({ model: env.model, input: 'reverse it, streamed', tools, stream: true });
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_item.done' && event.item.type === 'mcp_call') {
      streamedCall = event.item;
    }
  }

  return {
    listLabel: list.server_label,
    listTools: list.tools.map((t) => t.name),
    listSchemaType: list.tools[0]?.input_schema?.type ?? null,
    callName: call.name,
    callLabel: call.server_label,
    callArguments: JSON.parse(call.arguments),
    callOutput: call.output,
    callError: call.error ?? null,
    text: plain.output_text,
    echoedType: plain.tools[0]?.type ?? null,
    types,
    streamedOutput: streamedCall?.output ?? null,
  };
});
