// The "client under test": a tiny integration that talks to three vendor APIs. In your
// project this is your own code; nothing here knows about rmmsim: it only takes a base URL
// and credentials, which a test points at an rmmsim tenant instead of the real services.

export class RemotePCError extends Error {
  constructor(status, description) {
    super(`${status}: ${description}`);
    this.status = status;
    this.description = description;
  }
}

/** RemotePC Enterprise API (https://web1.remotepc.com in production). */
export class RemotePC {
  constructor(baseUrl, apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  async #call(method, path, body) {
    const reply = await fetch(this.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = await reply.json();
    if (envelope.status !== 'OK') {
      throw new RemotePCError(envelope.status, envelope.errors[0].description);
    }
    return envelope.message;
  }

  /** Every computer's host name, page by page (fetch cannot send a GET body: the query). */
  async listComputers(pageSize = 50) {
    const names = [];
    for (let page = 1; ; page++) {
      const message = await this.#call('GET',
        `/rpcnew/api/msp/computer/list?pageIndex=${page}&recordPerPage=${pageSize}`);
      names.push(...message.devices.map((device) => device.host_name));
      if (page >= message.pagination.total_page_count) return names;
    }
  }

  async inviteUser(email) {
    const message = await this.#call('POST', '/rpcnew/api/msp/user/invite', { email: [email] });
    return message.invited_list.includes(email);
  }
}

/** OCO's JSON-RPC API: the host names of all computers. */
export async function ocoComputerNames(baseUrl, { user, password, apiKey }) {
  const reply = await fetch(`${baseUrl}/api-client.php`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${user}:${password}`)}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'oco.computer.list', params: { api_key: apiKey, data: {} },
    }),
  });
  if (!reply.ok) throw new Error(`OCO: HTTP ${reply.status}`);
  const body = await reply.json();
  if (body.error) throw new Error(`OCO error ${body.error.code}: ${body.error.message}`);
  return body.result.data.computers.map((computer) => computer.hostname);
}

/** pcvisit's GraphQL API: sign in with an API token pair, then query session protocols. */
export class Pcvisit {
  constructor(baseUrl, { integratorApiToken, userApiToken }, maxRetries = 2) {
    this.url = `${baseUrl}/graphql`;
    this.tokens = { i: integratorApiToken, u: userApiToken };
    this.maxRetries = maxRetries;
    this.jwt = null;
  }

  /** One top-level field's result; waits and retries on TimeOut/TryAgainLater. */
  async #query(query, variables, field) {
    for (let attempt = 0; ; attempt++) {
      const headers = { 'Content-Type': 'application/json' };
      if (this.jwt) headers.Authorization = `Bearer ${this.jwt}`;
      const reply = await fetch(this.url, {
        method: 'POST', headers, body: JSON.stringify({ query, variables }),
      });
      if (!reply.ok) throw new Error(`pcvisit: HTTP ${reply.status}`);
      const result = (await reply.json()).data[field];
      if (result.__typename !== 'Failure') return result;
      if (!['TimeOut', 'TryAgainLater'].includes(result.error) || attempt === this.maxRetries) {
        throw new Error(`pcvisit ${field}: ${result.error}`);
      }
      const seconds = Number(/Retry-After: (\d+)/.exec(result.comment_for_dev ?? '')?.[1] ?? 1);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }

  async signIn() {
    const result = await this.#query(`
      query ($i: IntegratorApiToken!, $u: UserApiToken!) {
        SiRetrieveSignedJwt(integratorApiToken: $i, userApiToken: $u) {
          __typename
          ... on SignedJwtWasRetrieved { token }
          ... on Failure { error comment_for_dev }
        }
      }`, this.tokens, 'SiRetrieveSignedJwt');
    this.jwt = result.token;
  }

  /** { total, names } of the company's finished sessions (the first `first` names). */
  async finishedSessions(company, first = 10) {
    const result = await this.#query(`
      query ($c: CustomerUuid!, $n: Int) {
        AcQuerySessionsHistory(company: $c, filter: {input: "state == \\"Finished\\""},
                               pagination: {first: $n}) {
          __typename
          ... on SessionProtocolEdge { totalCount nodes { value { name state } } }
          ... on Failure { error comment_for_dev }
        }
      }`, { c: company, n: first }, 'AcQuerySessionsHistory');
    return { total: result.totalCount, names: result.nodes.map((node) => node.value.name) };
  }
}
