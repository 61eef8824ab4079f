// The admin page (/__admin/) in headless Chromium, against a running rmmsim:
//   node admin.mjs http://127.0.0.1:PORT
// Checks: the page loads without console errors; a request the test made shows in the
// journal and opens in the detail view; a fault added through the form is what the next
// API call gets; a tenant's clock can be frozen. Run by tests/support/browser.sh (ctest).
// Decisions checked here: F-CTL-070 (nothing loaded from elsewhere), F-CTL-072 (/__admin
// leads to the page), F-CTL-073 (the page refreshes faults from the journal, names a
// tenant by header).
import { chromium } from 'playwright-core';

const base = process.argv[2];
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!base) {
  console.error('usage: node admin.mjs BASE_URL');
  process.exit(2);
}

let failed = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
  if (!ok) failed++;
}

const OCO_LIST = JSON.stringify({
  jsonrpc: '2.0', id: 7, method: 'oco.computer.list',
  params: { api_key: 'demo-oco-api-key', data: {} },
});
function ocoList() {
  return fetch(`${base}/api-client.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + btoa('admin:admin') },
    body: OCO_LIST,
  });
}

const browser = await chromium.launch({
  executablePath,
  // Containers and CI runners often have no user namespaces for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(5000);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) problems.push(`request outside rmmsim: ${r.url()}`);
  });

  // 1. The page loads, from /__admin (redirected) too.
  const res = await page.goto(`${base}/__admin`);
  check(res.ok() && page.url() === `${base}/__admin/`, 'GET /__admin leads to the page at /__admin/');
  await page.waitForSelector('#tenant-rows th:text-is("default")');
  check(true, 'the tenants table shows the default tenant');
  await page.waitForFunction(() => document.querySelectorAll('#fault-error option').length > 10);
  check(true, 'the named errors are loaded into the fault form');

  // 2. A request the test makes shows in the journal; its detail opens.
  const made = await ocoList();
  check(made.status === 200, 'the test\'s own OCO call answers 200');
  await page.selectOption('#journal-api', 'oco');
  const row = page.locator('#journal-rows tr', { hasText: 'oco.computer.list' }).first();
  await row.waitFor();
  check(true, 'the journal shows the OCO call (filtered by api=oco)');
  await row.getByRole('button').click();
  await page.waitForSelector('#detail:not([hidden])');
  const detail = await page.textContent('#detail');
  const headers = await page.textContent('#detail-headers');
  check(detail.includes('oco.computer.list') && detail.includes('µs'),
    'the detail view shows the operation and the latency');
  check(headers.includes('Authorization') && headers.includes('Basic'), 'the detail view lists the request headers');
  check((await page.textContent('#detail-body')).includes('"demo-oco-api-key"'), 'the detail view shows the request body');
  check((await page.textContent('#detail-response')).includes('"jsonrpc"'), 'the detail view shows the response body');

  // 3. A fault added through the form is what the next API call gets.
  await page.selectOption('#fault-api', 'oco');
  await page.fill('#fault-operation', 'oco.computer.list');
  await page.selectOption('#fault-action', 'error');
  await page.selectOption('#fault-error', 'oco PERMISSION_DENIED');
  await page.click('#fault-form button[type=submit]');
  await page.locator('#fault-rows tr', { hasText: 'PERMISSION_DENIED' }).waitFor();
  check(true, 'the new fault is listed');
  const faulted = await (await ocoList()).json();
  check(faulted.error && faulted.error.code === -32002 && faulted.id === 7,
    `the next oco.computer.list answers the fault (got ${JSON.stringify(faulted).slice(0, 120)})`);
  const after = await (await ocoList()).json();
  check(after.result !== undefined, 'the call after it is answered normally (count 1)');
  // The page notices the spent fault from the journal and drops it from the list.
  await page.waitForFunction(() => !document.querySelector('#fault-rows').textContent.includes('PERMISSION_DENIED'));
  check(true, 'the spent fault leaves the list');

  // A raw-status fault, deleted from the page before it fires.
  await page.selectOption('#fault-action', 'status');
  await page.fill('#fault-status', '503');
  await page.fill('#fault-body', '<b>down</b>');
  await page.click('#fault-form button[type=submit]');
  const rawRow = page.locator('#fault-rows tr', { hasText: 'status 503' });
  await rawRow.waitFor();
  check((await rawRow.textContent()).includes('<b>down</b>'), 'markup from the server is shown as text');
  await rawRow.getByRole('button', { name: /Delete fault/ }).click();
  await rawRow.waitFor({ state: 'detached' });
  check((await ocoList()).status === 200, 'a fault deleted from the page no longer fires');

  // 4. The clock can be frozen (a new tenant's, so the default tenant is left alone).
  await page.click('#tenant-form button[type=submit]');
  await page.locator('#tenant-rows th', { hasText: 't1' }).waitFor();
  check(true, 'a tenant created from the page is listed');
  await page.selectOption('#clock-tenant', 't1');
  await page.fill('#clock-freeze-at', '2026-01-01T00:00:00Z');
  await page.click('#clock-freeze');
  await page.waitForSelector('td[data-clock="t1"].frozen');
  check((await page.textContent('td[data-clock="t1"]')).startsWith('2026-01-01T00:00:00.000Z'),
    'the tenant\'s clock shows the frozen time');
  const clock = await (await fetch(`${base}/__admin/clock`, { headers: { 'X-Rmmsim-Tenant': 't1' } })).json();
  check(clock.frozen === true && clock.nowMs === Date.UTC(2026, 0, 1), 'GET /__admin/clock agrees: t1 is frozen');
  await page.fill('#clock-advance-by', 'PT1H');
  await page.click('#clock-advance');
  await page.waitForFunction(() => document.querySelector('td[data-clock="t1"]').textContent.startsWith('2026-01-01T01:00'));
  check(true, 'advancing moves the frozen clock by an hour');
  await page.click('#clock-real');
  await page.waitForSelector('td[data-clock="t1"]:not(.frozen)');
  check(true, 'real time unfreezes it');
  await page.locator('#tenant-rows button', { hasText: 'Delete' }).first().click();
  await page.locator('#tenant-rows th', { hasText: 't1' }).waitFor({ state: 'detached' });
  check(true, 'the tenant is deleted from the page');

  // Keyboard: every control is reachable by Tab (no tabindex traps, buttons are buttons).
  const focusable = await page.evaluate(() => document.querySelectorAll('[tabindex]:not([tabindex="-1"])').length);
  check(focusable === 0, 'no positive tabindex');
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((c) => !c.labels || c.labels.length === 0).map((c) => c.id));
  check(unlabeled.length === 0, `every input has a label (${unlabeled.join(', ')})`);

  check(problems.length === 0, `no console errors or failed requests (${problems.join('; ')})`);
} catch (e) {
  console.log(`FAIL ${e.message}`);
  failed++;
} finally {
  await browser.close();
}
console.log(failed ? `admin page: ${failed} failed` : 'admin page: all passed');
process.exit(failed ? 1 : 0);
