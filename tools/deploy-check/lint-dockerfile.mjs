#!/usr/bin/env node
// Lints Dockerfiles with dockerfile-utils (the validator behind the VS Code Docker extension):
// unknown or deprecated instructions, malformed arguments, misplaced flags.
//   node lint-dockerfile.mjs FILE...
// Prints "FILE:LINE severity message" per problem and exits 1 when there is any.
import { readFileSync } from "node:fs";
import { validate } from "dockerfile-utils";

const severities = { 1: "error", 2: "warning", 3: "info", 4: "hint" };
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const diagnostic of validate(readFileSync(file, "utf8"))) {
    problems++;
    console.log(`${file}:${diagnostic.range.start.line + 1} ${severities[diagnostic.severity] ?? "problem"} ${diagnostic.message}`);
  }
}
console.log(`${problems} problems`);
process.exit(problems > 0 ? 1 : 0);
