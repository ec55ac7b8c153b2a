// The official @anthropic-ai/sdk with a client tool on /v1/messages: tool_use comes back, the
// tool_result continues the conversation; the same call streamed gives the tool input as JSON.
import Anthropic from '@anthropic-ai/sdk';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  const client = new Anthropic({ baseURL: env.root, apiKey: env.apiKey, authToken: null, maxRetries: 0 });
  const tools = [{
    name: 'get_weather', description: 'The weather of a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  }];
  const messages = [{ role: 'user', content: 'call:get_weather {"city":"Lisbon"}' }];

  const first = await client.messages.create({ model: env.model, max_tokens: 256, tools, messages });
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.ok(use, 'the model asked for get_weather');
  messages.push({ role: 'assistant', content: first.content });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '24 C, clear' }] });
  const second = await client.messages.create({ model: env.model, max_tokens: 256, tools, messages });

  const streamed = await client.messages.stream({
    model: env.model, max_tokens: 256, tools, tool_choice: { type: 'any' },
    messages: [{ role: 'user', content: 'call:get_weather {"city":"Porto"}' }],
  }).finalMessage();
  const streamedUse = streamed.content.find((b) => b.type === 'tool_use');

  return {
    firstStopReason: first.stop_reason,
    toolName: use.name,
    toolInput: use.input,
    secondStopReason: second.stop_reason,
    secondText: second.content.map((b) => b.text ?? '').join(''),
    streamedStopReason: streamed.stop_reason,
    streamedToolInput: streamedUse?.input ?? null,
  };
});
