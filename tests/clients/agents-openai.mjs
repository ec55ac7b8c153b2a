// The OpenAI Agents SDK (@openai/agents) with its default settings, so every function tool is sent with
// strict: true, through the Responses API (its default) or Chat Completions (HERMES_AGENTS_API=chat_completions):
// an agent whose tool runs here in the script, then a second run continuing the first (previous_response_id
// on Responses; the first run's history on Chat Completions, which keeps no state for the SDK).
import OpenAI from 'openai';
import { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from '@openai/agents';
import { z } from 'zod';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  const api = process.env.HERMES_AGENTS_API ?? 'responses';
  // Tracing would export spans to OpenAI's servers; this run talks to HermesX alone.
  setTracingDisabled(true);
  setDefaultOpenAIClient(new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 }));
  setOpenAIAPI(api);

  const toolRuns = [];
  const getWeather = tool({
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      toolRuns.push(city);
      return `sunny in ${city}, 21 C`;
    },
  });
  const agent = new Agent({ name: 'Weather', instructions: 'Answer questions about the weather.', model: env.model, tools: [getWeather] });

  // The fake model asks for the tool named by `call:`, then answers with the tool's result.
  const first = await run(agent, 'call:get_weather {"city":"Paris"}');
  assert.ok(first.finalOutput, 'the first run ended with an answer');

  const second = api === 'responses'
    ? await run(agent, 'and tomorrow?', { previousResponseId: first.lastResponseId })
    : await run(agent, [...first.history, { role: 'user', content: 'and tomorrow?' }]);

  return {
    api,
    strict: getWeather.strict,
    toolRuns,
    firstOutput: first.finalOutput,
    firstResponseId: first.lastResponseId ?? null,
    firstItems: first.newItems.map((item) => item.type),
    secondOutput: second.finalOutput,
    secondToolRuns: toolRuns.length,
  };
});
