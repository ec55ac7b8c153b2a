// LangChain JS (@langchain/openai ChatOpenAI): invoke with stop sequences through Chat Completions.
import { ChatOpenAI } from '@langchain/openai';
import { env, report } from './lib.mjs';

await report(async () => {
  const llm = new ChatOpenAI({ model: env.model, apiKey: env.apiKey, maxRetries: 0, configuration: { baseURL: env.baseURL } });
  const answer = await llm.invoke('stop at END please', { stop: ['END'] });
  return { content: answer.content, finish: answer.response_metadata?.finish_reason ?? null };
});
