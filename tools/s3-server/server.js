'use strict';

// Local S3-compatible server for HermesX development and tests (no MinIO server is
// installable on the project's machines). It is s3rver with one correction: s3rver 3.7.1
// writes ListBucketResult / ListAllMyBucketsResult / LocationConstraint in the namespace
// "http://doc.s3.amazonaws.com/2006-03-01/", while real S3 and MinIO use
// "http://s3.amazonaws.com/doc/2006-03-01/". The Minio .NET SDK deserializes with the real
// namespace, so without the fix every listing comes back empty. It also restores the
// CommonPrefixes of delimited listings (see list-fix.js), and runs the deletes of a Multi-Object
// Delete one at a time (see delete-fix.js).
//
// Settings (environment):
//   HERMES_S3_ADDRESS  bind address          (default 127.0.0.1)
//   HERMES_S3_PORT     port                  (default 49000)
//   HERMES_S3_DIR      storage directory     (default ./.s3-data next to this file)
//   HERMES_S3_BUCKETS  comma-separated buckets created at start (optional)
// Credentials are s3rver's fixed pair: access key S3RVER, secret key S3RVER.

const path = require('path');
const S3rver = require('s3rver');
const { fixDelimitedListing } = require('./list-fix');
const { serializeDeletes } = require('./delete-fix');

const WRONG_NAMESPACE = 'http://doc.s3.amazonaws.com/2006-03-01/';
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

function fixNamespace() {
  return async function fixNamespaceMiddleware(ctx, next) {
    await next();
    // s3rver serializes its XML answers to strings before they reach this outermost
    // middleware; object bodies (streams, buffers) are left alone.
    if (typeof ctx.body === 'string' && ctx.body.includes(WRONG_NAMESPACE)) {
      ctx.body = ctx.body.split(WRONG_NAMESPACE).join(S3_NAMESPACE);
    }
  };
}

function createServer(options) {
  const server = new S3rver({
    address: options.address,
    port: options.port,
    directory: options.directory,
    silent: true,
    // Path-style only: clients reach this server by IP or localhost, never by bucket subdomain.
    vhostBuckets: false,
    configureBuckets: options.buckets.map(name => ({ name })),
  });
  // Koa composes its middleware list when the server starts listening, so putting the fix
  // first makes it wrap s3rver's own XML encoder.
  server.middleware.unshift(fixNamespace());
  fixDelimitedListing(server.store);
  serializeDeletes(server.store);
  return server;
}

function optionsFromEnv(env) {
  const port = Number.parseInt(env.HERMES_S3_PORT || '49000', 10);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`HERMES_S3_PORT is not a valid port: ${env.HERMES_S3_PORT}`);
  }
  return {
    address: env.HERMES_S3_ADDRESS || '127.0.0.1',
    port,
    directory: path.resolve(env.HERMES_S3_DIR || path.join(__dirname, '.s3-data')),
    buckets: (env.HERMES_S3_BUCKETS || '')
      .split(',')
      .map(b => b.trim())
      .filter(Boolean),
  };
}

async function main() {
  const options = optionsFromEnv(process.env);
  const server = createServer(options);
  const { address, port } = await server.run();
  console.log(`s3 test server listening on http://${address}:${port} (data: ${options.directory})`);

  const stop = signal => {
    console.log(`s3 test server stopping (${signal})`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
    // A client holding a keep-alive connection must not keep the process alive.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch(err => {
    console.error(`s3 test server failed to start: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { createServer, optionsFromEnv, WRONG_NAMESPACE, S3_NAMESPACE };
