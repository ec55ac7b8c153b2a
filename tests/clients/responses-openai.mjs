// The official openai Node SDK against /v1/responses: plain, streamed events, the .stream() helper,
// a client function tool continued with previous_response_id, retrieve and delete.
import OpenAI from 'openai';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const plain = await client.responses.create({ model: env.model, input: 'hello there', instructions: 'Be brief' });

  let streamed = '';
  const types = [];
  let completed = null;
  const stream = await client.responses.create({ model: env.model, input: 'stream this please', stream: true });
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') {
      streamed += event.delta;
    }
    if (event.type === 'response.completed') {
      completed = event.response;
    }
  }

  const helper = client.responses.stream({ model: env.model, input: 'stream the helper' });
  let helperDeltas = '';
  helper.on('response.output_text.delta', (event) => { helperDeltas += event.delta; });
  const helperFinal = await helper.finalResponse();

  const tools = [{
    type: 'function', name: 'get_weather', description: 'Weather for a city', strict: false,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  }];
  const first = await client.responses.create({ model: env.model, input: 'call:get_weather {"city":"Paris"}', tools });
  const call = first.output.find((item) => item.type === 'function_call');
  assert.ok(call, 'the model asked for get_weather');
  const second = await client.responses.create({
    model: env.model, previous_response_id: first.id, tools,
    input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 C' }],
  });

  const fetched = await client.responses.retrieve(second.id);
  await client.responses.delete(second.id);
  let afterDelete = 0;
  try {
    await client.responses.retrieve(second.id);
  } catch (error) {
    afterDelete = error.status;
  }

  return {
    plain: plain.output_text,
    plainStatus: plain.status,
    plainTotalTokens: plain.usage?.total_tokens ?? 0,
    streamed,
    types,
    completedText: completed?.output_text ?? completed?.output?.[0]?.content?.[0]?.text ?? null,
    helperDeltas,
    helperFinal: helperFinal.output_text,
    toolName: call.name,
    toolArguments: JSON.parse(call.arguments),
    afterTool: second.output_text,
    previous: second.previous_response_id,
    fetched: fetched.output_text,
    afterDelete,
  };
});
