// The reference server: graphql-http's handler with schema.graphql and resolvers.mjs,
// answering exactly what graphql() answers (record.mjs) for every corpus document.
// Usage: node reference-server.mjs PORT   (listens on 127.0.0.1:PORT/graphql; prints
// "listening on URL" when ready; stops on SIGINT/SIGTERM)
import { createServer } from 'node:http';
import { createHandler } from 'graphql-http/lib/use/http';
import { execute, getOperationAST, GraphQLError, parse, validate } from 'graphql';
import { makeSchema, rootValue } from './resolvers.mjs';

const port = Number(process.argv[2] ?? 4000);
const schema = makeSchema();

const handler = createHandler({
  schema,
  rootValue,
  // graphql-http words operation selection errors as "Unable to detect operation AST";
  // do parse, validation and operation selection here so that they read as graphql().
  onSubscribe: (_req, params) => {
    let document;
    try {
      document = parse(params.query);
    } catch (err) {
      if (err instanceof GraphQLError) return [err];
      throw err;
    }
    const errors = validate(schema, document);
    if (errors.length) return errors;
    const args = {
      schema,
      document,
      rootValue,
      variableValues: params.variables,
      operationName: params.operationName,
    };
    // No operation to run: execute() only reports the selection error, words and all.
    if (!getOperationAST(document, params.operationName)) return execute(args).errors;
    return args;
  },
});

const server = createServer((req, res) => {
  if ((req.url ?? '').split('?')[0] !== '/graphql') {
    res.writeHead(404).end();
    return;
  }
  handler(req, res);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/graphql`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
