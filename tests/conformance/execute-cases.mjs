// The executor cases of tests/unit/graphql/execute_test.c, answered by graphql-js 16.15.
// Usage: node execute-cases.mjs   (prints each case and graphql-js's response; the C test
// holds the same schema, cases and answers)
import { buildSchema, graphqlSync } from 'graphql';
const schema = buildSchema(`
  scalar Json
  interface Thing { id: ID }
  type A implements Thing { id: ID }
  type B { id: ID }
  union AB = A | B
  type Query { i: Int, f: Float, s: String, b: Boolean, id: ID, j: Json, thing: Thing, things: [Thing!], boom: String, e: E, list: [Int!] }
  enum E { X Y }
`);
const cases = [
  ['{ i }', { i: ' 12 ' }], ['{ i }', { i: '0x10' }], ['{ i }', { i: '1e3' }], ['{ i }', { i: '' }],
  ['{ i }', { i: 'abc' }], ['{ i }', { i: true }], ['{ i }', { i: 2.5 }], ['{ i }', { i: 3e9 }],
  ['{ i }', { i: '  ' }], ['{ i }', { i: {a:1} }], ['{ i }', { i: [1] }],
  ['{ f }', { f: '1.5' }], ['{ f }', { f: 'x' }], ['{ f }', { f: false }],
  ['{ s }', { s: 1e21 }], ['{ s }', { s: 0.1 }], ['{ s }', { s: true }], ['{ s }', { s: {a: [1, {b: {c: 1}}]} }],
  ['{ b }', { b: 0 }], ['{ b }', { b: 'true' }], ['{ id }', { id: 5 }], ['{ id }', { id: 5.5 }],
  ['{ j }', { j: { z: 1, a: [1.0, 1e-7, 1e21, 'x'] } }],
  ['{ thing { id } }', { thing: { id: 1 } }],
  ['{ thing { id } }', { thing: { __typename: 'Nope', id: 1 } }],
  ['{ thing { id } }', { thing: { __typename: 'B', id: 1 } }],
  ['{ thing { id } }', { thing: { __typename: 'Thing', id: 1 } }],
  ['{ things { id } }', { things: [{ __typename: 'A', id: 1 }, null, { __typename: 'A', id: 3 }] }],
  ['{ e }', { e: 'Z' }], ['{ list }', { list: 5 }], ['{ list }', { list: 'abc' }],
  ['mutation { x }', {}],
];
for (const [q, root] of cases) console.log(q, JSON.stringify(root), '=>', JSON.stringify(graphqlSync({ schema, source: q, rootValue: root })));
