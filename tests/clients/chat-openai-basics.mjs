// The official openai Node SDK against /v1/chat/completions: plain, streamed with usage, a client tool round trip.
import OpenAI from 'openai';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const plain = await client.chat.completions.create({ model: env.model, messages: [{ role: 'user', content: 'hello there' }] });

  let streamed = '';
  let usage = null;
  const stream = await client.chat.completions.create({
    model: env.model, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'stream this please' }],
  });
  for await (const chunk of stream) {
    streamed += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }

  const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
  const messages = [{ role: 'user', content: 'call:get_weather {"city":"Paris"}' }];
  const first = await client.chat.completions.create({ model: env.model, messages, tools });
  const call = first.choices[0].message.tool_calls?.[0];
  assert.ok(call, 'the model asked for get_weather');
  messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21 C' });
  const second = await client.chat.completions.create({ model: env.model, messages, tools });

  return {
    plain: plain.choices[0].message.content,
    plainFinish: plain.choices[0].finish_reason,
    streamed,
    streamedTotalTokens: usage?.total_tokens ?? 0,
    toolFinish: first.choices[0].finish_reason,
    toolName: call.function.name,
    toolArguments: JSON.parse(call.function.arguments),
    afterTool: second.choices[0].message.content,
  };
});
