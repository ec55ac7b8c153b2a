// The official @anthropic-ai/sdk against /v1/messages: plain create with the key as x-api-key and
// as a Bearer token, and a refused field surfacing as the SDK's typed error.
import Anthropic from '@anthropic-ai/sdk';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  // The SDK appends /v1/messages to its base URL: it is given the silo's root.
  const byKey = new Anthropic({ baseURL: env.root, apiKey: env.apiKey, authToken: null, maxRetries: 0 });
  const byToken = new Anthropic({ baseURL: env.root, apiKey: null, authToken: env.apiKey, maxRetries: 0 });

  const plain = await byKey.messages.create({
    model: env.model, max_tokens: 256, system: 'Answer briefly.',
    messages: [{ role: 'user', content: 'hello from anthropic' }],
  });
  const bearer = await byToken.messages.create({
    model: env.model, max_tokens: 256,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello by bearer' }] }],
  });

  let refused = null;
  try {
    await byKey.messages.create({ model: env.model, max_tokens: 256, top_k: 5, messages: [{ role: 'user', content: 'x' }] });
  } catch (error) {
    assert.ok(error instanceof Anthropic.BadRequestError, `expected BadRequestError, got ${error}`);
    refused = { status: error.status, type: error.error?.error?.type, message: error.error?.error?.message };
  }

  return {
    id: plain.id,
    type: plain.type,
    role: plain.role,
    text: plain.content[0].text,
    stopReason: plain.stop_reason,
    inputTokens: plain.usage.input_tokens,
    outputTokens: plain.usage.output_tokens,
    bearerText: bearer.content[0].text,
    refused,
  };
});
