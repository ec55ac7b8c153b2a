// The official openai Node SDK against a tool that needs approval: the response stops in requires_action with an
// mcp_approval_request item, and an mcp_approval_response input item (previous_response_id) approves it. The test
// scripts the fake model: a call of the todo tool, then the answer.
import OpenAI from 'openai';
import { env, report } from './lib.mjs';

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const asked = await client.responses.create({ model: env.model, input: 'add "approve me" to my todos' });
  const request = asked.output.find((item) => item.type === 'mcp_approval_request');
  const answered = await client.responses.create({
    model: env.model,
    previous_response_id: asked.id,
    input: [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: true }],
  });

  return {
    askedStatus: asked.status,
    serverLabel: request.server_label,
    name: request.name,
    answeredStatus: answered.status,
    answerText: answered.output_text,
  };
});
