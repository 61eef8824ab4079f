// Shared helpers of the conformance scripts: the corpus, HTTP, comparison, diffs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export const corpusDir = new URL('corpus/', import.meta.url);

// Every corpus case, sorted by name: {name, query, variables?, variablesText?,
// operationName?}. NAME.graphql is sent byte for byte (a BOM or CR line ends are part of
// the test); NAME.vars.json is spliced into the request body as written, so that numbers
// such as 7.0 or 1e2 reach the server in that form.
export function loadCorpus() {
  const names = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.slice(0, -'.graphql'.length))
    .sort();
  return names.map((name) => {
    const c = { name, query: readFileSync(new URL(`${name}.graphql`, corpusDir), 'utf8') };
    const vars = new URL(`${name}.vars.json`, corpusDir);
    if (existsSync(vars)) {
      c.variablesText = readFileSync(vars, 'utf8').trim();
      c.variables = JSON.parse(c.variablesText);
    }
    const op = new URL(`${name}.op`, corpusDir);
    if (existsSync(op)) c.operationName = readFileSync(op, 'utf8').replace(/\r?\n$/, '');
    return c;
  });
}

export function expectedPath(name) {
  return new URL(`${name}.expected.json`, corpusDir);
}

// The JSON request body of a corpus case: {"query", "variables"?, "operationName"?}.
export function requestBody(c) {
  let body = `{"query":${JSON.stringify(c.query)}`;
  if ('variablesText' in c) body += `,"variables":${c.variablesText}`;
  if ('operationName' in c) body += `,"operationName":${JSON.stringify(c.operationName)}`;
  return `${body}}`;
}

// POST a GraphQL request (an object, or a JSON text) as JSON; resolves to
// {status, contentType, text, body}.
export async function post(url, params, { timeoutMs = 10000, accept = 'application/json' } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: typeof params === 'string' ? params : JSON.stringify(params),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v) => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

// Deep equality; with ordered=true, object keys must also come in the same order.
// Returns null when equal, else a description of the first difference.
export function firstDifference(exp, act, where = '', ordered = true) {
  if (Array.isArray(exp) || Array.isArray(act)) {
    if (!Array.isArray(exp) || !Array.isArray(act)) return `${where || '.'}: expected ${show(exp)}, got ${show(act)}`;
    if (exp.length !== act.length) return `${where || '.'}: expected ${exp.length} items ${show(exp)}, got ${act.length} ${show(act)}`;
    for (let i = 0; i < exp.length; i++) {
      const d = firstDifference(exp[i], act[i], `${where}[${i}]`, ordered);
      if (d) return d;
    }
    return null;
  }
  if (isObj(exp) || isObj(act)) {
    if (!isObj(exp) || !isObj(act)) return `${where || '.'}: expected ${show(exp)}, got ${show(act)}`;
    const ek = Object.keys(exp);
    const ak = Object.keys(act);
    const missing = ek.filter((k) => !(k in act));
    const extra = ak.filter((k) => !(k in exp));
    if (missing.length || extra.length) {
      return `${where || '.'}: keys differ (missing ${show(missing)}, unexpected ${show(extra)})`;
    }
    if (ordered && ek.join('\u0000') !== ak.join('\u0000')) {
      return `${where || '.'}: key order differs: expected ${show(ek)}, got ${show(ak)}`;
    }
    for (const k of ek) {
      const d = firstDifference(exp[k], act[k], `${where}.${k}`, ordered);
      if (d) return d;
    }
    return null;
  }
  return Object.is(exp, act) || exp === act ? null : `${where || '.'}: expected ${show(exp)}, got ${show(act)}`;
}

// Compares a GraphQL response with the recorded one. `data` is compared with key order
// significant; `errors` in order, on message, locations and path only (an error's
// `extensions` and the top-level `extensions` are free). When both are present,
// `errors` must come before `data`, as graphql-js writes them.
export function compareResponse(exp, act) {
  if (!isObj(act)) return `response is not a JSON object: ${show(act)}`;
  for (const key of ['errors', 'data']) {
    if (key in exp !== key in act) {
      return `"${key}" is ${key in exp ? 'missing' : 'present but not expected'}: got ${show(act[key])}`;
    }
  }
  if ('errors' in exp && 'data' in exp) {
    const keys = Object.keys(act);
    if (keys.indexOf('errors') > keys.indexOf('data')) return '"errors" must come before "data"';
  }
  if ('errors' in exp) {
    if (!Array.isArray(act.errors)) return `errors: expected a list, got ${show(act.errors)}`;
    if (exp.errors.length !== act.errors.length) {
      return `errors: expected ${exp.errors.length}, got ${act.errors.length}: ${show(act.errors.map((e) => e?.message))}`;
    }
    for (let i = 0; i < exp.errors.length; i++) {
      const e = exp.errors[i];
      const a = act.errors[i];
      if (!isObj(a)) return `errors[${i}]: not an object: ${show(a)}`;
      for (const key of ['message', 'locations', 'path']) {
        if (key in e !== key in a) return `errors[${i}].${key}: expected ${show(e[key])}, got ${show(a[key])}`;
        const d = firstDifference(e[key], a[key], `errors[${i}].${key}`, false);
        if (d) return d;
      }
    }
  }
  if ('data' in exp) return firstDifference(exp.data, act.data, 'data', true);
  return null;
}

// A unified-style line diff (LCS), for printed schemas.
export function lineDiff(aText, bText, aName = 'expected', bName = 'actual') {
  const a = aText.split('\n');
  const b = bText.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [`--- ${aName}`, `+++ ${bName}`];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`-${a[i]}   (line ${i + 1})`);
      i++;
    } else {
      out.push(`+${b[j]}   (line ${j + 1})`);
      j++;
    }
  }
  return out.join('\n');
}
