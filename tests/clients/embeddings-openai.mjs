// The official openai Node SDK against /v1/embeddings: floats, the SDK's default (it asks for base64
// and decodes it itself), base64 asked for explicitly, and dimensions.
import OpenAI from 'openai';
import { env, report } from './lib.mjs';

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const floats = await client.embeddings.create({ model: env.model, input: ['alpha', 'beta gamma'], encoding_format: 'float' });
  const byDefault = await client.embeddings.create({ model: env.model, input: 'alpha' });
  const base64 = await client.embeddings.create({ model: env.model, input: 'alpha', encoding_format: 'base64' });
  const sized = await client.embeddings.create({ model: env.model, input: 'alpha', dimensions: 16, encoding_format: 'float' });

  return {
    object: floats.object,
    model: floats.model,
    floats: floats.data.map((d) => ({ index: d.index, object: d.object, embedding: d.embedding })),
    promptTokens: floats.usage.prompt_tokens,
    totalTokens: floats.usage.total_tokens,
    byDefault: Array.from(byDefault.data[0].embedding),
    base64: base64.data[0].embedding,
    sizedLength: sized.data[0].embedding.length,
  };
});
