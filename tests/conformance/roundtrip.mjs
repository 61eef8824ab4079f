// Introspection round trip: sends graphql-js 16's getIntrospectionQuery() to URL with
// every option on (specifiedByUrl, directiveIsRepeatable, schemaDescription,
// inputValueDeprecation, oneOf), rebuilds the schema with buildClientSchema and compares
// printSchema of it with printSchema(buildSchema(schema.graphql)). Then the same with the
// default options (what most tools send), compared with what graphql-js itself answers to
// that query, since it leaves out descriptions of the schema, @specifiedBy, repeatable and
// deprecated arguments. Last, graphql-js 15's query (introspection-15.graphql, which spells
// the field specifiedByUrl): its answer, read as 15's buildClientSchema reads it, must print
// as the SDL does (the schema has no @oneOf, which 15 cannot ask about).
// Usage: node roundtrip.mjs URL [--only-16]. Exits 1 with a diff on a difference.
import {
  buildClientSchema, buildSchema, getIntrospectionQuery, graphqlSync, printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { lineDiff, post } from './lib.mjs';

const url = process.argv[2];
const only16 = process.argv[3] === '--only-16';
if (!url || (process.argv[3] && !only16)) {
  console.error('usage: node roundtrip.mjs URL [--only-16]');
  process.exit(2);
}
const sdl = readFileSync(new URL('schema.graphql', import.meta.url), 'utf8');
const localSchema = buildSchema(sdl);
const fromSDL = printSchema(localSchema);
const fromLocal = (opts) =>
  printSchema(buildClientSchema(graphqlSync({ schema: localSchema, source: getIntrospectionQuery(opts) }).data));

const query15 = readFileSync(new URL('introspection-15.graphql', import.meta.url), 'utf8');
// graphql-js 15's buildClientSchema read specifiedByUrl where 16's reads specifiedByURL.
const as16 = (data) => JSON.parse(JSON.stringify(data).replaceAll('"specifiedByUrl":', '"specifiedByURL":'));

const variants = [
  ['all options', getIntrospectionQuery({
    specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
    inputValueDeprecation: true, oneOf: true,
  }), () => fromSDL, (data) => data],
  ['default options', getIntrospectionQuery({}), () => fromLocal({}), (data) => data],
  ['graphql-js 15, all options', query15, () => fromSDL, as16],
].filter(([label]) => !only16 || !label.startsWith('graphql-js 15'));
let passed = 0;
let failed = 0;
for (const [label, query, expectedFor, read] of variants) {
  const expected = expectedFor();
  let why = null;
  try {
    const res = await post(url, { query, operationName: 'IntrospectionQuery' });
    if (res.status !== 200 || res.body === undefined) why = `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
    else if (res.body.errors) why = `errors: ${JSON.stringify(res.body.errors).slice(0, 500)}`;
    else {
      const actual = printSchema(buildClientSchema(read(res.body.data)));
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
