// Introspection round trip: sends graphql-js 16's getIntrospectionQuery() to URL with
// every option on (specifiedByUrl, directiveIsRepeatable, schemaDescription,
// inputValueDeprecation, oneOf), rebuilds the schema with buildClientSchema and compares
// printSchema of it with printSchema(buildSchema(schema.graphql)). Then the same with the
// default options (what most tools send), compared with what graphql-js itself answers to
// that query, since it leaves out descriptions of the schema, @specifiedBy, repeatable and
// deprecated arguments. Usage: node roundtrip.mjs URL. Exits 1 with a diff on a difference.
import {
  buildClientSchema, buildSchema, getIntrospectionQuery, graphqlSync, printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { lineDiff, post } from './lib.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node roundtrip.mjs URL');
  process.exit(2);
}
const sdl = readFileSync(new URL('schema.graphql', import.meta.url), 'utf8');
const localSchema = buildSchema(sdl);
const fromSDL = printSchema(localSchema);
const fromLocal = (opts) =>
  printSchema(buildClientSchema(graphqlSync({ schema: localSchema, source: getIntrospectionQuery(opts) }).data));

const variants = [
  ['all options', {
    specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
    inputValueDeprecation: true, oneOf: true,
  }, () => fromSDL],
  ['default options', {}, fromLocal],
];
let passed = 0;
let failed = 0;
for (const [label, opts, expectedFor] of variants) {
  const expected = expectedFor(opts);
  let why = null;
  try {
    const res = await post(url, { query: getIntrospectionQuery(opts), operationName: 'IntrospectionQuery' });
    if (res.status !== 200 || res.body === undefined) why = `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
    else if (res.body.errors) why = `errors: ${JSON.stringify(res.body.errors).slice(0, 500)}`;
    else {
      const actual = printSchema(buildClientSchema(res.body.data));
      if (actual !== expected) why = `printed schemas differ:\n${lineDiff(expected, actual, 'expected', url)}`;
    }
  } catch (err) {
    why = `${err.name}: ${err.message}`;
  }
  if (why) {
    failed++;
    console.log(`FAIL introspection round trip (${label})\n${why}`);
  } else {
    passed++;
    console.log(`PASS introspection round trip (${label})`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
