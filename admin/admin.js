// The admin page (admin/index.html): a plain client of the control plane's JSON endpoints
// (docs/control-plane.md). No framework, no build step. Data from the server only ever
// reaches the page as text (textContent, option values), never as HTML.
'use strict';

// F-CTL-073: the page speaks to /__admin/ at the root of this origin and names a tenant
// with X-Rmmsim-Tenant, whatever /t/{id}/ URL it was opened from.
const ADMIN = '/__admin/';
const POLL_MS = 1000;

const state = {
  tenants: [],      // GET /__admin/tenants
  clocks: {},       // tenant id -> { nowMs, frozen, at: performance.now() of the answer }
  errors: [],       // GET /__admin/errors
  entries: [],      // the journal as last shown
  selected: null,   // the journal entry shown in detail
  lastSeenId: 0,    // newest journal id seen (for noticing changes made elsewhere)
};

const $ = (id) => document.getElementById(id);

// el('td', {className: 'x'}, 'text', child): children are strings (text nodes) or nodes.
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  }
  return node;
}

function say(text, isError) {
  const status = $('status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

// F-CORE-011: with rmmsim --admin-token the page sends "Authorization: Bearer TOKEN". The
// token comes from the address's fragment (/__admin/#token=TOKEN: a fragment never reaches
// the server or its logs), else from a prompt after the first 401; it is kept in this tab's
// sessionStorage only.
const TOKEN_KEY = 'rmmsim-admin-token';
let tokenAsked = false;
{
  const m = /^#token=(.+)$/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
}

// One control-plane call; resolves to the parsed JSON, rejects with the server's message.
async function api(method, path, body, tenant) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (tenant) headers['X-Rmmsim-Tenant'] = tenant;
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = `Bearer ${token}`;
  const res = await fetch(ADMIN + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && !tokenAsked) {
    tokenAsked = true; // ask once per page load, not on every poll
    const given = window.prompt('This rmmsim runs with --admin-token. Admin token:');
    if (given) {
      sessionStorage.setItem(TOKEN_KEY, given.trim());
      return api(method, path, body, tenant);
    }
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    throw new Error((json && json.error) || `${method} ${ADMIN}${path}: HTTP ${res.status}`);
  }
  return json;
}

// Runs an action of the user, then refreshes what it may have changed; reports failures.
async function act(what, fn) {
  try {
    await fn();
    say(what);
  } catch (e) {
    say(`${what} failed: ${e.message}`, true);
  }
  await refresh();
}

function fillSelect(select, values, first) {
  const keep = select.value;
  select.replaceChildren();
  if (first) select.append(el('option', { value: first.value }, first.label));
  for (const v of values) select.append(el('option', { value: v }, v));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

// ---- tenants and clocks ----

function clockText(id) {
  const c = state.clocks[id];
  if (!c) return '';
  const ms = c.frozen ? c.nowMs : c.nowMs + (performance.now() - c.at);
  return new Date(ms).toISOString() + (c.frozen ? ' (frozen)' : '');
}

function credentialList(creds) {
  const dl = el('dl');
  for (const [apiName, fields] of Object.entries(creds || {})) {
    dl.append(el('dt', null, apiName));
    for (const [k, v] of Object.entries(fields)) dl.append(el('dd', null, el('code', null, `${k}: ${v}`)));
  }
  return el('details', null, el('summary', null, 'show'), dl);
}

function renderTenants() {
  const rows = state.tenants.map((t) => {
    const reset = el('button', { type: 'button' }, 'Reset');
    reset.setAttribute('aria-label', `Reset tenant ${t.id}`);
    reset.addEventListener('click', () => act(`Tenant ${t.id} reset`,
      () => api('POST', `tenants/${encodeURIComponent(t.id)}/reset`)));
    const actions = el('td', null, reset);
    if (t.id !== 'default') {
      const del = el('button', { type: 'button' }, 'Delete');
      del.setAttribute('aria-label', `Delete tenant ${t.id}`);
      del.addEventListener('click', () => act(`Tenant ${t.id} deleted`,
        () => api('DELETE', `tenants/${encodeURIComponent(t.id)}`)));
      actions.append(' ', del);
    }
    const clock = el('td', { className: 'mono' }, clockText(t.id));
    clock.dataset.clock = t.id;
    if (state.clocks[t.id] && state.clocks[t.id].frozen) clock.classList.add('frozen');
    return el('tr', null, el('th', { scope: 'row' }, t.id), el('td', null, t.fixture || ''),
      el('td', { className: 'mono' }, t.baseUrl || ''), clock,
      el('td', null, credentialList(t.credentials)), actions);
  });
  $('tenant-rows').replaceChildren(...rows);
  const ids = state.tenants.map((t) => t.id);
  fillSelect($('clock-tenant'), ids);
  fillSelect($('fault-tenant'), ids, { value: '*', label: 'every tenant (*)' });
  if (!$('fault-tenant').dataset.touched) $('fault-tenant').value = 'default';
  fillSelect($('journal-tenant'), ids, { value: '', label: 'all' });
  tickClocks();
}

function tickClocks() {
  for (const cell of document.querySelectorAll('td[data-clock]')) {
    cell.textContent = clockText(cell.dataset.clock);
  }
  $('clock-now').textContent = clockText($('clock-tenant').value);
}

async function loadTenants() {
  const [tenants, fixtures] = await Promise.all([api('GET', 'tenants'), api('GET', 'fixtures')]);
  state.tenants = tenants.tenants;
  fillSelect($('tenant-fixture'), fixtures.fixtures);
  const clocks = await Promise.all(state.tenants.map((t) => api('GET', 'clock', undefined, t.id)));
  state.clocks = {};
  const at = performance.now();
  clocks.forEach((c, i) => {
    state.clocks[state.tenants[i].id] = { nowMs: c.nowMs, frozen: c.frozen, at };
  });
  renderTenants();
}

function setClock(body) {
  const tenant = $('clock-tenant').value;
  return act(`Clock of ${tenant} changed`, () => api('POST', 'clock', body, tenant));
}

// ---- faults ----

function faultMatch(f) {
  const parts = ['api', 'operation', 'path', 'method'].filter((k) => f[k]).map((k) => `${k}=${f[k]}`);
  return parts.length ? parts.join(' ') : 'every API request';
}

function faultAction(f) {
  const parts = [];
  if (f.error) parts.push(`error ${f.error}` + (f.comment ? ` (${f.comment})` : ''));
  if (f.status) parts.push(`status ${f.status}` + (f.body ? ` body ${f.body}` : ''));
  if (f.drop) parts.push('drop');
  if (f.truncate !== undefined) parts.push(`truncate after ${f.truncate} bytes`);
  if (f.delay !== undefined) parts.push(`delay ${f.delay} ms`);
  if (f.probability !== undefined) parts.push(`probability ${f.probability}`);
  return parts.join(', ');
}

async function loadFaults() {
  const { faults } = await api('GET', 'faults');
  $('fault-rows').replaceChildren(...faults.map((f) => {
    const del = el('button', { type: 'button' }, 'Delete');
    del.setAttribute('aria-label', `Delete fault ${f.id}`);
    del.addEventListener('click', () => act(`Fault ${f.id} deleted`,
      () => api('DELETE', `faults/${encodeURIComponent(f.id)}`)));
    return el('tr', null, el('th', { scope: 'row' }, f.id), el('td', null, f.tenant),
      el('td', { className: 'mono' }, faultMatch(f)),
      el('td', null, f.count === null ? 'no limit' : f.count), el('td', null, f.hits),
      el('td', null, faultAction(f)), el('td', null, del));
  }));
}

function renderErrorChoices() {
  const apiName = $('fault-api').value;
  const select = $('fault-error');
  const keep = select.value;
  select.replaceChildren(...state.errors.filter((e) => !apiName || e.api === apiName).map((e) => {
    // Without an API chosen the option names it: a named error belongs to one API.
    const label = `${apiName ? '' : e.api + ': '}${e.name} (${e.status}: ${e.shows})`;
    return el('option', { value: `${e.api} ${e.name}` }, label);
  }));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

function showActionFields() {
  const action = $('fault-action').value;
  for (const span of document.querySelectorAll('#fault-form [data-action]')) {
    span.hidden = span.dataset.action !== action;
  }
}

// The form as the body of POST /__admin/faults: only what was filled in.
function faultBody() {
  const f = $('fault-form').elements;
  const body = { tenant: f.tenant.value };
  for (const k of ['api', 'operation', 'path', 'method']) if (f[k].value.trim()) body[k] = f[k].value.trim();
  if (f.count.value) body.count = Number(f.count.value);
  const action = f.action.value;
  if (action === 'error') {
    const [apiName, name] = f.error.value.split(' ');
    if (!name) throw new Error('pick a named error');
    body.api = apiName;
    body.error = name;
    if (f.comment.value) body.comment = f.comment.value;
  } else if (action === 'status') {
    body.status = Number(f.status.value);
    if (f.body.value) body.body = f.body.value;
    if (f.contentType.value) body.contentType = f.contentType.value;
  } else if (action === 'drop') {
    body.drop = true;
  } else if (action === 'truncate') {
    body.truncate = Number(f.truncate.value);
  }
  if (f.delay.value !== '' || action === 'delay') body.delay = Number(f.delay.value || 0);
  return body;
}

// ---- the journal ----

function journalQuery() {
  const f = $('journal-form').elements;
  const q = new URLSearchParams({ limit: '100' });
  for (const k of ['tenant', 'api', 'status']) if (f[k].value.trim()) q.set(k, f[k].value.trim());
  return q.toString();
}

function statusClass(status) {
  return status ? `status-${String(status)[0]}xx` : '';
}

function renderJournal() {
  $('journal-rows').replaceChildren(...state.entries.map((e) => {
    const open = el('button', { type: 'button' }, String(e.id));
    open.setAttribute('aria-label', `Show request ${e.id}`);
    open.addEventListener('click', () => showDetail(e));
    const row = el('tr', null, el('td', null, open), el('td', { className: 'mono' }, e.time),
      el('td', null, e.tenant || ''), el('td', null, e.api || ''), el('td', null, e.method),
      el('td', { className: 'mono' }, e.path + (e.operation && e.operation !== e.path ? ` ${e.operation}` : '')),
      el('td', { className: statusClass(e.status) }, e.status), el('td', null, `${e.latencyUs} µs`));
    row.dataset.id = e.id;
    if (state.selected && state.selected.id === e.id) row.classList.add('selected');
    return row;
  }));
}

function showDetail(e) {
  state.selected = e;
  const facts = [
    ['Time', e.time], ['Tenant', `${e.tenant} (${e.tenantVia})`], ['API', e.api || 'none'],
    ['Operation', e.operation || 'none'], ['Request', `${e.method} ${e.path}${e.query ? '?' + e.query : ''}`],
    ['Status', String(e.status)], ['Response type', e.responseContentType || ''],
    ['Latency', `${e.latencyUs} µs`], ['Cached', e.cached ? 'yes' : 'no'],
    ['Body size', `${e.bodySize} bytes${e.bodyTruncated ? ' (truncated here)' : ''}`],
    ['Response size', `${e.responseSize} bytes${e.responseTruncated ? ' (truncated here)' : ''}`],
  ];
  $('detail-h').textContent = `Request ${e.id}`;
  $('detail-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
  $('detail-headers').replaceChildren(...(e.headers || []).map(([k, v]) =>
    el('tr', null, el('td', { className: 'mono' }, k), el('td', { className: 'mono' }, v))));
  $('detail-body').textContent = pretty(e.body);
  $('detail-response').textContent = pretty(e.responseBody);
  $('detail').hidden = false;
  $('detail-h').focus();
  renderJournal();
}

function pretty(text) {
  if (!text) return '(empty)';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

// ---- polling ----

async function refresh() {
  try {
    await Promise.all([loadTenants(), loadFaults()]);
  } catch (e) {
    say(`Refresh failed: ${e.message}`, true);
  }
}

// F-CTL-073: the journal is read every second (its reads are not journaled); tenants,
// faults and clocks are read again only when the journal shows a request other than a
// control-plane GET (the page's own reads), so an open page adds almost nothing to it.
async function poll() {
  try {
    const newest = await api('GET', 'requests?limit=50');
    const fresh = newest.requests.filter((e) => e.id > state.lastSeenId);
    if (fresh.length) state.lastSeenId = fresh[0].id;
    const changed = fresh.some((e) => !(e.api === 'admin' && e.method === 'GET'));
    if (!$('journal-pause').checked) {
      const q = journalQuery();
      state.entries = q === 'limit=100' && newest.requests.length < 50 ? newest.requests
        : (await api('GET', `requests?${q}`)).requests;
      renderJournal();
    }
    if (changed) await refresh();
  } catch (e) {
    say(`Polling the journal failed: ${e.message}`, true);
  }
  tickClocks();
  setTimeout(poll, POLL_MS);
}

function wire() {
  $('tenant-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fixture = $('tenant-fixture').value;
    act(`Tenant created from ${fixture}`, () => api('POST', 'tenants', { fixture }));
  });
  $('clock-tenant').addEventListener('change', tickClocks);
  $('clock-freeze').addEventListener('click', () => {
    const at = $('clock-freeze-at').value.trim();
    setClock({ freeze: at || true });
  });
  $('clock-advance').addEventListener('click', () => setClock({ advance: $('clock-advance-by').value.trim() }));
  $('clock-real').addEventListener('click', () => setClock({ real: true }));
  $('fault-tenant').addEventListener('change', (ev) => { ev.target.dataset.touched = '1'; });
  $('fault-api').addEventListener('change', renderErrorChoices);
  $('fault-action').addEventListener('change', showActionFields);
  $('fault-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('Fault added', () => api('POST', 'faults', faultBody()));
  });
  $('faults-clear').addEventListener('click', () => act('Faults deleted', () => api('DELETE', 'faults')));
  $('journal-form').addEventListener('submit', (ev) => ev.preventDefault());
  $('journal-clear').addEventListener('click', () => act('Journal cleared', async () => {
    await api('DELETE', 'requests');
    state.entries = [];
    renderJournal();
  }));
  $('detail-close').addEventListener('click', () => {
    $('detail').hidden = true;
    state.selected = null;
    renderJournal();
  });
}

async function start() {
  wire();
  showActionFields();
  try {
    state.errors = (await api('GET', 'errors')).errors;
    renderErrorChoices();
  } catch (e) {
    say(`Loading the named errors failed: ${e.message}`, true);
  }
  await refresh();
  poll();
}

document.addEventListener('DOMContentLoaded', start);
