// Differential check: POSTs every corpus document to URL and compares the response with
// corpus/NAME.expected.json (recorded from graphql-js by record.mjs).
// Usage: node check.mjs URL [--only SUBSTRING] [--any-status]
//   Each request: POST {query, variables?, operationName?} (lib.mjs requestBody), Content-Type and Accept
//   application/json. The answer must be HTTP 200 (every corpus request is well-formed;
//   --any-status lifts that) with a JSON body equal to the recorded one (lib.mjs
//   compareResponse). Prints PASS/FAIL per document and "N passed, M failed"; exits 1
//   on any failure.
import { readFileSync } from 'node:fs';
import { compareResponse, expectedPath, loadCorpus, post, requestBody } from './lib.mjs';

const argv = process.argv.slice(2);
const url = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--only');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const anyStatus = argv.includes('--any-status');
if (!url) {
  console.error('usage: node check.mjs URL [--only SUBSTRING] [--any-status]');
  process.exit(2);
}

const clip = (s) => (s.length > 400 ? `${s.slice(0, 400)}…` : s);

let passed = 0;
let failed = 0;
for (const c of loadCorpus()) {
  if (only && !c.name.includes(only)) continue;
  let why = null;
  let expected;
  let res;
  try {
    expected = JSON.parse(readFileSync(expectedPath(c.name), 'utf8'));
    res = await post(url, requestBody(c));
    if (res.body === undefined) why = `HTTP ${res.status}, body is not JSON: ${res.text.slice(0, 200)}`;
    else if (!anyStatus && res.status !== 200) why = `HTTP ${res.status}, expected 200: ${res.text.slice(0, 200)}`;
    else if (!/^application\/json\b/i.test(res.contentType)) why = `Content-Type ${res.contentType}, expected application/json`;
    else why = compareResponse(expected, res.body);
  } catch (err) {
    why = `${err.name}: ${err.message}`;
  }
  if (why) {
    failed++;
    console.log(`FAIL ${c.name}\n     ${why}`);
    if (expected && res?.body !== undefined) {
      console.log(`     expected: ${clip(JSON.stringify(expected))}`);
      console.log(`     actual:   ${clip(JSON.stringify(res.body))}`);
    }
  } else {
    passed++;
    console.log(`PASS ${c.name}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed || passed === 0 ? 1 : 0;
