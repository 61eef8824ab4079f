// CI tests of client.js against an rmmsim tenant: results, then what reached the "vendor".
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { Pcvisit, RemotePC, RemotePCError, ocoComputerNames } from './client.js';
import { createTenant } from './rmmsim.js';

// The pcvisit company of rmmsim's `default` fixture ("Demo Support GmbH").
const COMPANY = 'c0ffee00-0000-4000-8000-000000000001';

describe('client against an rmmsim tenant', () => {
  let tenant;
  beforeEach(async () => { tenant = await createTenant(); });
  afterEach(() => tenant.delete());

  const remotepc = () =>
    new RemotePC(tenant.baseUrl, tenant.credentials['remotepc-enterprise'].apiKey);
  const pcvisit = () => new Pcvisit(tenant.baseUrl, tenant.credentials.pcvisit);

  it('lists every RemotePC computer, page by page', async () => {
    const names = await remotepc().listComputers(50);

    assert.equal(names.length, 130);
    assert.ok(names.includes('FIN-LT-014'));
    // 130 computers, 50 a page: exactly three calls, each a 200.
    assert.equal(await tenant.count({ operation: '/rpcnew/api/msp/computer/list', status: '200' }), 3);
  });

  it('invites a user with one request', async () => {
    assert.equal(await remotepc().inviteUser('new.user@example.com'), true);

    const entries = await tenant.requests({ operation: '/rpcnew/api/msp/user/invite' });
    assert.equal(entries.length, 1);
    assert.equal(entries[0].method, 'POST');
    assert.equal(entries[0].status, 200);
    assert.deepEqual(JSON.parse(entries[0].body), { email: ['new.user@example.com'] });
  });

  it('lists OCO computers over JSON-RPC', async () => {
    const names = await ocoComputerNames(tenant.baseUrl, tenant.credentials.oco);

    assert.equal(names.length, 18);
    assert.ok(names.includes('ACC-LT-03'));
    const [entry, ...more] = await tenant.requests({ api: 'oco' });
    assert.equal(more.length, 0);
    assert.equal(entry.operation, 'oco.computer.list');
  });

  it('signs in to pcvisit and queries sessions', async () => {
    const client = pcvisit();
    await client.signIn();
    const { total, names } = await client.finishedSessions(COMPANY, 5);

    assert.ok(total > 5);
    assert.equal(names.length, 5);
    const entries = await tenant.requests({ api: 'pcvisit' });
    assert.deepEqual(entries.map((e) => e.operation), ['SiRetrieveSignedJwt', 'AcQuerySessionsHistory']);
  });

  it('passes a RemotePC error to the caller', async () => {
    await tenant.fault({
      api: 'remotepc-enterprise', operation: '/rpcnew/api/msp/user/invite', error: 'INVALID_USER_PLAN',
    });

    await assert.rejects(remotepc().inviteUser('new.user@example.com'),
      (error) => error instanceof RemotePCError && error.description === 'Invalid user plan');
    assert.equal(await tenant.count({ operation: '/rpcnew/api/msp/user/invite', status: '403' }), 1);
  });

  it('retries a pcvisit TimeOut after its Retry-After', async () => {
    const client = pcvisit();
    await client.signIn();
    // The next AcQuerySessionsHistory answers pcvisit's rate-limit Failure, once.
    await tenant.fault({
      api: 'pcvisit', operation: 'AcQuerySessionsHistory', error: 'TimeOut', comment: 'Retry-After: 1',
    });

    const { total } = await client.finishedSessions(COMPANY);

    assert.ok(total > 0);
    const calls = await tenant.requests({ operation: 'AcQuerySessionsHistory' });
    assert.equal(calls.length, 2);
    assert.match(calls[0].responseBody, /"error":"TimeOut"/);
  });
});
