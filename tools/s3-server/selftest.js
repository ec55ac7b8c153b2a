'use strict';

// Round trip against a running S3 test server with SigV4-signed requests, the way the
// Minio SDK talks to it: create bucket, put, list (v1 and v2, checking the namespace fix),
// get, delete object, delete bucket. Exits non-zero on the first mismatch.
//
//   node selftest.js [endpoint]        endpoint defaults to 127.0.0.1:$HERMES_S3_PORT (49000)

const crypto = require('crypto');
const http = require('http');
const { S3_NAMESPACE } = require('./server');

const endpoint = process.argv[2] || `127.0.0.1:${process.env.HERMES_S3_PORT || '49000'}`;
const credentials = {
  accessKey: process.env.MINIO_ACCESS_KEY || 'S3RVER',
  secretKey: process.env.MINIO_SECRET_KEY || 'S3RVER',
};
const region = 'us-east-1';

const sha256 = data => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();

// RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone).
const uriEncode = s =>
  encodeURIComponent(s).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function sign(method, path, query, headers, body, { accessKey, secretKey } = credentials) {
  const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const date = now.slice(0, 8);
  const payloadHash = sha256(body);
  const all = { ...headers, host: endpoint, 'x-amz-date': now, 'x-amz-content-sha256': payloadHash };
  const names = Object.keys(all).map(n => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const canonicalQuery = Object.keys(query)
    .sort()
    .map(k => `${uriEncode(k)}=${uriEncode(query[k])}`)
    .join('&');
  const canonicalRequest = [
    method,
    path.split('/').map(uriEncode).join('/'),
    canonicalQuery,
    names.map(n => `${n}:${lower[n].trim()}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', now, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac('AWS4' + secretKey, date);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  lower.authorization =
    `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, ` +
    `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { headers: lower, canonicalQuery };
}

function request(method, path, { query = {}, body = '', headers = {}, as = credentials } = {}) {
  const { headers: signed, canonicalQuery } = sign(method, path, query, headers, body, as);
  const [host, port] = endpoint.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host,
        port,
        method,
        path: path.split('/').map(uriEncode).join('/') + (canonicalQuery ? `?${canonicalQuery}` : ''),
        headers: { ...signed, 'content-length': Buffer.byteLength(body) },
      },
      res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expect(condition, message, response) {
  if (!condition) {
    const detail = response ? ` (status ${response.status}: ${response.body.slice(0, 300)})` : '';
    throw new Error(message + detail);
  }
  console.log(`  ok  ${message}`);
}

async function main() {
  const bucket = `selftest-${process.pid}-${Date.now()}`;
  const key = 'skills/demo skill/SKILL.md';
  const content = `# demo\nround trip ${new Date().toISOString()}\n`;
  console.log(`s3 selftest against ${endpoint}, bucket ${bucket}`);

  let r = await request('PUT', `/${bucket}`);
  expect(r.status === 200, 'create bucket', r);

  r = await request('GET', '/');
  expect(r.status === 200 && r.body.includes(`<Name>${bucket}</Name>`), 'list buckets shows it', r);
  expect(r.body.includes(`xmlns="${S3_NAMESPACE}"`), 'list buckets uses the S3 namespace', r);

  r = await request('PUT', `/${bucket}/${key}`, { body: content, headers: { 'content-type': 'text/markdown' } });
  expect(r.status === 200, 'put object', r);

  r = await request('GET', `/${bucket}`, { query: { prefix: 'skills/' } });
  expect(r.status === 200 && r.body.includes(`<Key>${key}</Key>`), 'list objects (v1) shows it', r);
  expect(r.body.includes(`<ListBucketResult xmlns="${S3_NAMESPACE}"`), 'list objects (v1) uses the S3 namespace', r);

  r = await request('GET', `/${bucket}`, { query: { 'list-type': '2', prefix: 'skills/', delimiter: '/' } });
  expect(
    r.status === 200 && r.body.includes('<CommonPrefixes><Prefix>skills/demo skill/</Prefix></CommonPrefixes>'),
    'list objects (v2) with a delimiter shows the common prefix',
    r,
  );
  expect(r.body.includes(`<ListBucketResult xmlns="${S3_NAMESPACE}"`), 'list objects (v2) uses the S3 namespace', r);

  r = await request('GET', `/${bucket}`, { query: { location: '' } });
  expect(r.status === 200 && !r.body.includes('doc.s3.amazonaws.com'), 'bucket location uses the S3 namespace', r);

  r = await request('GET', `/${bucket}/${key}`);
  expect(r.status === 200 && r.body === content, 'get object returns the same bytes', r);

  // s3rver checks the access key id of SigV4 requests but not the signature itself.
  r = await request('GET', `/${bucket}/${key}`, { as: { accessKey: 'UNKNOWN', secretKey: 'x' } });
  expect(r.status === 403 && r.body.includes('InvalidAccessKeyId'), 'unknown access key is refused', r);

  r = await request('DELETE', `/${bucket}/${key}`);
  expect(r.status === 204, 'delete object', r);

  r = await request('GET', `/${bucket}/${key}`);
  expect(r.status === 404, 'deleted object is gone', r);

  r = await request('DELETE', `/${bucket}`);
  expect(r.status === 204, 'delete bucket', r);

  console.log('s3 selftest: passed');
}

main().catch(err => {
  console.error(`s3 selftest: FAILED: ${err.message}`);
  process.exit(1);
});
