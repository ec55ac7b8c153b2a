// The official openai Node SDK: models.retrieve (a served model and an unknown one), JSON mode, stop sequences.
import OpenAI from 'openai';
import { env, report, assert } from './lib.mjs';

await report(async () => {
  const client = new OpenAI({ baseURL: env.baseURL, apiKey: env.apiKey, maxRetries: 0 });

  const model = await client.models.retrieve(env.model);
  let unknownStatus = 0;
  try {
    await client.models.retrieve('no-such-model');
  } catch (error) {
    assert.ok(error instanceof OpenAI.NotFoundError, `models.retrieve of an unknown model threw ${error}`);
    unknownStatus = error.status;
  }

  const json = await client.chat.completions.create({
    model: env.model,
    response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: 'answer in JSON' }],
  });
  const stopped = await client.chat.completions.create({
    model: env.model, stop: ['END', 'STOP'], messages: [{ role: 'user', content: 'stop at END' }],
  });

  let refusedStatus = 0;
  let refusedParam = null;
  try {
    await client.chat.completions.create({ model: env.model, n: 2, messages: [{ role: 'user', content: 'two answers' }] });
  } catch (error) {
    refusedStatus = error.status;
    refusedParam = error.param ?? error.error?.param ?? null;
  }

  return {
    modelId: model.id,
    modelObject: model.object,
    unknownStatus,
    json: JSON.parse(json.choices[0].message.content),
    stoppedFinish: stopped.choices[0].finish_reason,
    refusedStatus,
    refusedParam,
  };
});
