// The Vercel AI SDK's default OpenAI provider call (openai(model) uses the Responses API):
// generateText, streamText, a multi-step tool call, and a follow-up that references earlier output.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, tool, jsonSchema, isStepCount } from 'ai';
import { env, report } from './lib.mjs';

await report(async () => {
  const openai = createOpenAI({ baseURL: env.baseURL, apiKey: env.apiKey });
  const model = openai(env.model);

  const plain = await generateText({ model, prompt: 'hello there' });

  const stream = streamText({ model, prompt: 'stream this please' });
  let streamed = '';
  for await (const delta of stream.textStream) {
    streamed += delta;
  }
  const streamUsage = await stream.usage;

  const weather = tool({
    description: 'Weather for a city',
    inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => `sunny in ${city}, 21 C`,
  });
  const multi = await generateText({
    model, tools: { get_weather: weather }, stopWhen: isStepCount(3),
    prompt: 'call:get_weather {"city":"Paris"}',
  });

  // The SDK sends earlier assistant output back as item_reference items when responses are stored.
  const remembered = await generateText({ model, prompt: 'remember the word teal' });
  const followUp = await generateText({
    model,
    messages: [{ role: 'user', content: 'remember the word teal' }, ...remembered.response.messages, { role: 'user', content: 'which word?' }],
  });

  return {
    plain: plain.text,
    plainFinish: plain.finishReason,
    plainInputTokens: plain.usage.inputTokens ?? 0,
    plainResponseId: plain.response.id,
    streamed,
    streamTotalTokens: streamUsage.totalTokens ?? 0,
    steps: multi.steps.length,
    firstStepToolCalls: multi.steps[0].toolCalls.map((c) => c.toolName),
    multiText: multi.text,
    followUp: followUp.text,
  };
});
