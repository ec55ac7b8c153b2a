// The Vercel AI SDK's default OpenAI provider call (openai(model) uses the Responses API): the shared
// flow of ai-sdk-flow.mjs, and a follow-up that references earlier output.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { env, report } from './lib.mjs';
import { runAiSdkFlow } from './ai-sdk-flow.mjs';

await report(async () => {
  const openai = createOpenAI({ baseURL: env.baseURL, apiKey: env.apiKey });
  const model = openai(env.model);
  const { plain, findings } = await runAiSdkFlow(model);

  // The SDK sends earlier assistant output back as item_reference items when responses are stored.
  const remembered = await generateText({ model, prompt: 'remember the word teal' });
  const followUp = await generateText({
    model,
    messages: [{ role: 'user', content: 'remember the word teal' }, ...remembered.response.messages, { role: 'user', content: 'which word?' }],
  });

  return {
    ...findings,
    plainInputTokens: plain.usage.inputTokens ?? 0,
    plainResponseId: plain.response.id,
    followUp: followUp.text,
  };
});
