// Runs graphql-http's server audits (GraphQL over HTTP) against URL.
// Usage: node audit.mjs URL
// Prints each audit's status (ok, or error/warn/notice for a failed MUST/SHOULD/MAY),
// id and name, then "N passed, M failed" counting the MUST audits; exits 1 if any
// MUST fails.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
// Each audit request is bounded in time.
const fetchFn = (input, init = {}) => fetch(input, { ...init, signal: AbortSignal.timeout(10000) });

let mustPassed = 0;
let mustFailed = 0;
const others = { warn: 0, notice: 0 };
for (const audit of serverAudits({ url, fetchFn })) {
  let res;
  try {
    res = await audit.fn();
  } catch (err) {
    res = { status: 'error', reason: `${err.name}: ${err.message}` };
  }
  const isMust = audit.name.startsWith('MUST');
  const why = res.status === 'ok' ? '' : `  -- ${res.reason}${res.response ? ` (HTTP ${res.response.status})` : ''}`;
  console.log(`${res.status}\t${audit.id}\t${audit.name}${why}`);
  if (isMust) {
    if (res.status === 'ok') mustPassed++;
    else mustFailed++;
  } else if (res.status in others) {
    others[res.status]++;
  }
}
console.log(`SHOULD failures (warn): ${others.warn}, MAY failures (notice): ${others.notice}`);
console.log(`${mustPassed} passed, ${mustFailed} failed`);
process.exitCode = mustFailed || mustPassed === 0 ? 1 : 0;
