// Shared by the client scripts: the silo to talk to, and one way to report findings. Each script
// prints one JSON object (its findings) as its last stdout line; the C# test asserts on it.
import assert from 'node:assert/strict';

export const env = {
  root: required('HERMES_ROOT_URL'),
  baseURL: required('HERMES_BASE_URL'),
  apiKey: required('HERMES_API_KEY'),
  model: required('HERMES_MODEL'),
};

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/**
 * Runs the script's body, prints its findings, and exits non-zero with the error on any failure.
 * @param {() => Promise<unknown>} body
 */
export async function report(body) {
  try {
    const findings = await body();
    process.stdout.write(JSON.stringify(findings) + '\n');
  } catch (/** @type {any} */ error) {
    process.stderr.write(`${error?.stack ?? error}\n${error?.error ? JSON.stringify(error.error) : ''}\n`);
    process.exit(1);
  }
}

export { assert };
