// rmmsim's control plane (/__admin/) as the tests use it: a fresh tenant per test, its
// request journal and faults. rmmsim runs once for the CI job (scripts/run, Docker).

export const RMMSIM_URL = (process.env.RMMSIM_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');

async function admin(method, path, body) {
  const reply = await fetch(`${RMMSIM_URL}/__admin${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(`${method} /__admin${path}: ${reply.status} ${await reply.text()}`);
  return reply.json();
}

/** A new tenant: { id, baseUrl (http://HOST:PORT/t/<id>), credentials, ... } plus helpers. */
export async function createTenant(fixture = 'default') {
  const tenant = await admin('POST', '/tenants', { fixture });
  const query = (filters) => new URLSearchParams({ tenant: tenant.id, ...filters });
  return {
    ...tenant,
    /** Journal entries of this tenant, oldest first (filters: api, operation, status, ...). */
    requests: async (filters = {}) =>
      (await admin('GET', `/requests?${query({ order: 'oldest', ...filters })}`)).requests,
    count: async (filters = {}) => (await admin('GET', `/requests/count?${query(filters)}`)).count,
    /** Makes this tenant's next matching request(s) fail (see GET /__admin/errors). */
    fault: (spec) => admin('POST', '/faults', { tenant: tenant.id, ...spec }),
    delete: () => admin('DELETE', `/tenants/${tenant.id}`),
  };
}
