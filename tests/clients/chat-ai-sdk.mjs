// The Vercel AI SDK through Chat Completions (openai.chat(model)): the shared flow of ai-sdk-flow.mjs.
import { createOpenAI } from '@ai-sdk/openai';
import { env, report } from './lib.mjs';
import { runAiSdkFlow } from './ai-sdk-flow.mjs';

await report(async () => {
  const openai = createOpenAI({ baseURL: env.baseURL, apiKey: env.apiKey });
  return (await runAiSdkFlow(openai.chat(env.model))).findings;
});
