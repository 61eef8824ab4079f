// The resolver semantics of the conformance test schema: the contract that rmmsim's C
// engine implements for the same schema.graphql and data.json (README.md, "Resolver
// contract"). Everything is synchronous, so graphql-js executes depth-first in
// selection order, which fixes the order of `errors`.
import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';

const here = new URL('.', import.meta.url);
export const schemaSDL = readFileSync(new URL('schema.graphql', here), 'utf8');
export const data = JSON.parse(readFileSync(new URL('data.json', here), 'utf8'));

// {"__error": "message"} stands for a failure.
function isErrorMarker(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.__error === 'string';
}

// A value read from data.json: a marker throws; list items (at any depth) that are
// markers become Error instances, which graphql-js reports at the item's path.
function fromData(v) {
  if (isErrorMarker(v)) throw new Error(v.__error);
  return markItems(v);
}
function markItems(v) {
  if (!Array.isArray(v)) return v;
  return v.map((item) => (isErrorMarker(item) ? new Error(item.__error) : markItems(item)));
}

// JSON with object keys sorted (by UTF-16 code units) at every depth.
export function sortedJSON(v) {
  const sort = (x) => {
    if (Array.isArray(x)) return x.map(sort);
    if (x !== null && typeof x === 'object') {
      const out = {};
      for (const k of Object.keys(x).sort()) out[k] = sort(x[k]);
      return out;
    }
    return x;
  };
  return JSON.stringify(sort(v));
}

// The special fields (Type.field). Any other field reads the parent's property.
export const special = {
  'Query.node': (_p, { id }) => data.nodes.find((n) => n.id === id) ?? null,
  'Query.search': (_p, { filter }) => {
    const text = filter?.text ?? ''; // absent or null filter, or null text: ""
    const first = filter ? filter.first : 10; // the input default applies when filter is given
    const hits = data.nodes.filter((n) => typeof n.name === 'string' && n.name.includes(text));
    return first === null ? hits : hits.slice(0, Math.max(first, 0));
  },
  'Query.echo': (_p, { value, times }) => (times === null ? null : value.repeat(Math.max(times, 0))),
  'Query.add': (_p, { a, b }) => a + b,
  'Query.args': (_p, args) => sortedJSON(args),
  'Mutation.addItem': (_p, { input }) => ({ ...input, id: `item-${input.name}` }),
};

function defaultResolve(parent, _args, _ctx, info) {
  if (parent === null || typeof parent !== 'object') return null;
  const v = parent[info.fieldName];
  return v === undefined ? null : fromData(v);
}

// buildSchema(schema.graphql) with the resolvers attached to every field.
// Abstract types keep graphql-js's default type resolver: the `__typename` property.
export function makeSchema() {
  const schema = buildSchema(schemaSDL);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      field.resolve = special[`${type.name}.${field.name}`] ?? defaultResolve;
    }
  }
  return schema;
}

// The root value of queries, mutations and subscriptions.
export const rootValue = data;
