// @ts-check
// Calls HermesX through openapi-fetch typed by the generated paths: a wrong path, parameter or
// field here fails tsc before anything runs.
import createClient from 'openapi-fetch';
import { env, report, assert } from '../lib.mjs';

/** @type {import('openapi-fetch').Client<import('./generated/hermesx.js').paths>} */
const client = createClient({ baseUrl: env.root, headers: { Authorization: `Bearer ${env.apiKey}` } });

await report(async () => {
  const models = await client.GET('/v1/models');
  assert.ok(models.data, `list models: ${models.response.status}`);
  const modelIds = models.data.data.map((m) => m.id);

  const title = `typed ${Date.now()}`;
  const ids = [];
  for (const n of [1, 2]) {
    const created = await client.POST('/v1/sessions', { body: { title: `${title} ${n}`, model: env.model } });
    assert.ok(created.data, `create session: ${created.response.status} ${JSON.stringify(created.error)}`);
    assert.equal(created.response.status, 201);
    ids.push(created.data.id);
  }
  const firstId = ids[0] ?? assert.fail('no session created');

  const fetched = await client.GET('/v1/sessions/{id}', { params: { path: { id: firstId } } });
  assert.ok(fetched.data, `get session: ${fetched.response.status}`);

  const page = await client.GET('/v1/sessions', { params: { query: { limit: 1, offset: 0 } } });
  assert.ok(page.data, `list sessions: ${page.response.status}`);

  const missing = await client.GET('/v1/sessions/{id}', { params: { path: { id: 'sess_does_not_exist' } } });
  assert.equal(missing.data, undefined);
  const notFound = missing.error;
  assert.ok(notFound, 'a missing session is an error');

  const badPage = await client.GET('/v1/sessions', { params: { query: { limit: 0 } } });
  const refused = badPage.error ?? assert.fail('limit=0 was accepted');

  const me = await client.GET('/v1/me');
  assert.ok(me.data, `me: ${me.response.status}`);

  return {
    modelIds,
    createdTitle: fetched.data.title ?? null,
    createdModel: fetched.data.model ?? null,
    pageLimit: page.data.limit,
    pageCount: page.data.data.length,
    pageHasMore: page.data.has_more,
    notFoundStatus: missing.response.status,
    notFoundCode: notFound.error.code,
    notFoundMessage: notFound.error.message,
    badPageStatus: badPage.response.status,
    badPageParam: refused.error.param ?? null,
    meTenant: me.data.tenant_id ?? null,
  };
});
