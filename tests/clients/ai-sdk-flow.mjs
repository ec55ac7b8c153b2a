// The Vercel AI SDK flow both providers' scripts run: generateText, streamText and a multi-step
// tool call, the SDK running the tool and sending its result back.
import { generateText, streamText, tool, jsonSchema, isStepCount } from 'ai';

export async function runAiSdkFlow(model) {
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

  return {
    plain,
    findings: {
      plain: plain.text,
      plainFinish: plain.finishReason,
      streamed,
      streamTotalTokens: streamUsage.totalTokens ?? 0,
      steps: multi.steps.length,
      firstStepToolCalls: multi.steps[0].toolCalls.map((c) => c.toolName),
      multiText: multi.text,
    },
  };
}
