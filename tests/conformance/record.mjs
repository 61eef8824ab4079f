// Re-records corpus/NAME.expected.json for every corpus/NAME.graphql with graphql-js 16:
// graphql({schema, source, rootValue, variableValues, operationName}) on schema.graphql
// with the resolvers of resolvers.mjs. Syntax, validation, variable and operation
// selection errors come back from the same call. Usage: node record.mjs
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { graphql, version } from 'graphql';
import { makeSchema, rootValue } from './resolvers.mjs';
import { corpusDir, expectedPath, loadCorpus } from './lib.mjs';

const schema = makeSchema();
const cases = loadCorpus();
const names = new Set(cases.map((c) => c.name));
let written = 0;
for (const c of cases) {
  const result = await graphql({
    schema,
    source: c.query,
    rootValue,
    variableValues: c.variables,
    operationName: c.operationName,
  });
  // JSON round trip: GraphQLError.toJSON gives {message, locations?, path?, extensions?}.
  const json = JSON.parse(JSON.stringify(result));
  writeFileSync(expectedPath(c.name), `${JSON.stringify(json, null, 2)}\n`);
  written++;
}
for (const f of readdirSync(corpusDir)) {
  if (f.endsWith('.expected.json') && !names.has(f.slice(0, -'.expected.json'.length))) {
    unlinkSync(new URL(f, corpusDir));
    console.log(`removed stale ${f}`);
  }
}
console.log(`recorded ${written} documents with graphql ${version}`);
