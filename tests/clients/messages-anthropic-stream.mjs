// The official @anthropic-ai/sdk streaming from /v1/messages: the messages.stream helper (text
// events, final message) and create({ stream: true }) read event by event.
import Anthropic from '@anthropic-ai/sdk';
import { env, report } from './lib.mjs';

await report(async () => {
  const client = new Anthropic({ baseURL: env.root, apiKey: env.apiKey, authToken: null, maxRetries: 0 });

  let helperText = '';
  const stream = client.messages.stream({
    model: env.model, max_tokens: 256, messages: [{ role: 'user', content: 'stream this message' }],
  });
  stream.on('text', (delta) => { helperText += delta; });
  const final = await stream.finalMessage();

  const types = [];
  let rawText = '';
  const raw = await client.messages.create({
    model: env.model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'raw events please' }],
  });
  for await (const event of raw) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      rawText += event.delta.text;
    }
  }

  return {
    helperText,
    finalText: final.content[0].text,
    finalStopReason: final.stop_reason,
    finalOutputTokens: final.usage.output_tokens,
    finalInputTokens: final.usage.input_tokens,
    types: [...new Set(types)],
    first: types[0],
    last: types.at(-1),
    rawText,
  };
});
