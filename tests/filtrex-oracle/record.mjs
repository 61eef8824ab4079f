// Records what npm filtrex 3.1.0 answers for every case in cases.json into expected.json,
// which tests/unit/filtrex/filtrex_test.c replays against rmmsim's C filtrex (see README.md).
// Run: npm ci && node record.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { compileExpression } from "filtrex";

const require = createRequire(import.meta.url);
const version = require("filtrex/package.json").version;
if (version !== "3.1.0") throw new Error(`filtrex ${version} installed, 3.1.0 expected`);
console.warn = () => {}; // the deprecated `%` and `? :` warn on the console

const input = JSON.parse(readFileSync(new URL("cases.json", import.meta.url), "utf8"));

// {"$undefined": true} in a record stands for JavaScript's undefined, which JSON lacks.
function revive(v) {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === "object") {
    if (Object.keys(v).length === 1 && v.$undefined === true) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

// Strings go to JSON as themselves, or as key_base64 (UTF-8) when they hold a NUL, which the
// C side's cJSON cannot carry. A lone surrogate has no UTF-8 form at all: such a case is
// refused rather than recorded wrongly.
function putText(obj, key, s) {
  if (!s.isWellFormed()) throw new Error(`${JSON.stringify(s)} holds a lone surrogate`);
  if (s.includes("\0")) obj[`${key}_base64`] = Buffer.from(s, "utf8").toString("base64");
  else obj[key] = s;
}

function typed(v) {
  if (v === undefined) return { type: "undefined" };
  if (v === null) return { type: "null" };
  if (typeof v === "boolean") return { type: "boolean", value: v };
  if (typeof v === "number") return { type: "number", value: Object.is(v, -0) ? "-0" : String(v) };
  if (typeof v === "string") {
    const out = { type: "string" };
    putText(out, "value", v);
    return out;
  }
  if (Array.isArray(v)) return { type: "array", items: v.map(typed) };
  return { type: "object" };
}

function errorOf(e) {
  const out = { class: e.constructor.name, name: e.name, i18n: e.I18N_STRING ?? null };
  putText(out, "message", e.message);
  return out;
}

const cases = [];
for (const group of input.groups) {
  for (const raw of group.cases) {
    const c = typeof raw === "string" ? { expr: raw } : raw;
    const out = { group: group.name };
    putText(out, "expr", c.expr);
    if (c.data !== undefined) out.data = c.data;
    else out.record = c.record ?? group.record ?? "default";
    const constants = c.constants ?? group.constants;
    if (constants) out.constants = constants;
    const data = revive(c.data ?? input.records[out.record]);
    if (data === undefined) throw new Error(`no record ${out.record}`);
    let fn;
    try {
      fn = compileExpression(c.expr, constants ? { constants: revive(constants) } : undefined);
    } catch (e) {
      out.compile_error = errorOf(e);
      cases.push(out);
      continue;
    }
    const result = fn(data);
    if (result instanceof Error) out.error = errorOf(result);
    else out.result = typed(result);
    cases.push(out);
  }
}

const expected = {
  comment: "Recorded by tests/filtrex-oracle/record.mjs from cases.json; do not edit by hand.",
  filtrex: version,
  node: process.version,
  records: input.records,
  cases,
};
writeFileSync(new URL("expected.json", import.meta.url), JSON.stringify(expected, null, 1) + "\n");
console.log(`recorded ${cases.length} cases with filtrex ${version}`);
