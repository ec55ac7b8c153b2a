#!/usr/bin/env node
// Validates Kubernetes manifests against the Kubernetes OpenAPI schemas (npm kubernetes-models).
//   node validate-k8s.mjs FILE...   (a FILE of "-" reads standard input, e.g. `helm template`)
// Prints one line per object ("ok <kind>/<name>" or "invalid <kind>/<name>: <errors>") and exits
// 1 when any object is invalid, has an apiVersion/kind the schemas do not know, or a document
// does not parse: an object that cannot be checked counts as a failure, never as a pass.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

function modulePathOf(apiVersion, kind) {
  // Core objects are "v1"; the others "group/version", which is also the package's folder layout.
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function validateObject(object) {
  const { apiVersion, kind } = object;
  const name = `${kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { name, error: "no apiVersion or kind" };
  }
  let model;
  try {
    model = (await import(modulePathOf(apiVersion, kind)))[kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== "function") {
    return { name, error: `no Kubernetes schema for ${apiVersion} ${kind}` };
  }
  try {
    new model(object).validate();
    return { name };
  } catch (error) {
    const details = error?.errors
      ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")
      : String(error?.message ?? error);
    return { name, error: details };
  }
}

let failures = 0;
let objects = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      failures++;
      console.log(`invalid ${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    objects++;
    const result = await validateObject(object);
    if (result.error) {
      failures++;
      console.log(`invalid ${result.name} (${file}): ${result.error}`);
    } else {
      console.log(`ok ${result.name}`);
    }
  }
}
if (objects === 0) {
  console.log("invalid: no Kubernetes object found");
  failures++;
}
console.log(`${objects} objects, ${failures} invalid`);
process.exit(failures > 0 ? 1 : 0);
