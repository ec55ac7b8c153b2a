// The official openai Node SDK against background responses: create with background: true, retrieve until
// completed, a background stream read in part and resumed with retrieve(id, {stream: true, starting_after}),
// and cancel. The test scripts the fake model: an answer, a streamed answer, then one too slow to wait for.
import OpenAI from 'openai';
import { env, report, assert } from './lib.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retrieves until the response leaves queued/in_progress (or 60 s pass). */
async function settled(client, id) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await client.responses.retrieve(id);
    if (!['queued', 'in_progress'].includes(response.status) || Date.now() > deadline) {
      return response;
    }
    await sleep(100);
  }
}

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const created = await client.responses.create({ model: env.model, input: 'work on this later', background: true });
  const done = await settled(client, created.id);

  const stream = await client.responses.create({ model: env.model, input: 'stream it in the background', background: true, stream: true });
  const head = [];
  for await (const event of stream) {
    head.push(event);
    if (head.length === 5) {
      break;
    }
  }
  const id = head[0].response.id;
  const resumed = await client.responses.retrieve(id, { stream: true, starting_after: head[head.length - 1].sequence_number });
  const rest = [];
  for await (const event of resumed) {
    rest.push(event);
  }
  const all = [...head, ...rest];
  assert.deepEqual(all.map((e) => e.sequence_number), all.map((_, i) => i), 'every event once, in order');

  const slow = await client.responses.create({ model: env.model, input: 'take forever', background: true });
  const cancelled = await client.responses.cancel(slow.id);
  const afterCancel = await client.responses.retrieve(slow.id);
  let cancelCompleted = 0;
  try {
    await client.responses.cancel(created.id);
  } catch (error) {
    cancelCompleted = error.status;
  }

  return {
    createdStatus: created.status,
    createdBackground: created.background,
    doneStatus: done.status,
    doneText: done.output_text,
    streamTypes: all.map((e) => e.type),
    streamDeltas: all.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join(''),
    cancelledStatus: cancelled.status,
    afterCancelStatus: afterCancel.status,
    cancelCompleted,
  };
});
