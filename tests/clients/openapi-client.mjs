// A typed client generated from the served /v1/openapi: openapi-typescript writes its types,
// tsc (strict) checks openapi/calls.mjs against them, and only then the calls run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { env } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
mkdirSync(`${here}openapi/generated`, { recursive: true });
const ast = await openapiTS(new URL(`${env.root}/v1/openapi`));
writeFileSync(`${here}openapi/generated/hermesx.d.ts`, astToString(ast));
try {
  execFileSync(process.execPath, [`${here}node_modules/typescript/bin/tsc`, '--noEmit', '-p', `${here}openapi/tsconfig.json`], { encoding: 'utf8' });
} catch (error) {
  process.stderr.write(`tsc --noEmit failed:\n${error.stdout ?? ''}${error.stderr ?? ''}\n`);
  process.exit(1);
}
await import('./openapi/calls.mjs');
