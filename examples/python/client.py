"""The "client under test": a tiny integration that talks to three vendor APIs.

In your project this is your own code. Nothing here knows about rmmsim: it only takes a base
URL and credentials, which a test points at an rmmsim tenant instead of the real services.
"""
import re
import time

import requests


class RemotePCError(Exception):
    """A RemotePC error envelope: {"status": "FORBIDDEN", "errors": [{"description": ...}]}."""

    def __init__(self, status, description):
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description


class RemotePC:
    """RemotePC Enterprise API (https://web1.remotepc.com in production)."""

    def __init__(self, base_url, api_key):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def _call(self, method, path, **kwargs):
        reply = self.session.request(method, self.base_url + path, timeout=10, **kwargs)
        body = reply.json()
        if body.get("status") != "OK":
            raise RemotePCError(body["status"], body["errors"][0]["description"])
        return body["message"]

    def list_computers(self, page_size=50):
        """Every computer's host name, page by page."""
        names, page = [], 1
        while True:
            message = self._call("GET", "/rpcnew/api/msp/computer/list",
                                 params={"pageIndex": page, "recordPerPage": page_size})
            names += [device["host_name"] for device in message["devices"]]
            if page >= message["pagination"]["total_page_count"]:
                return names
            page += 1

    def invite_user(self, email):
        message = self._call("POST", "/rpcnew/api/msp/user/invite", json={"email": [email]})
        return email in message["invited_list"]


def oco_computer_names(base_url, user, password, api_key):
    """OCO's JSON-RPC API: the host names of all computers."""
    reply = requests.post(base_url + "/api-client.php", auth=(user, password), timeout=10, json={
        "jsonrpc": "2.0", "id": 1, "method": "oco.computer.list",
        "params": {"api_key": api_key, "data": {}},
    })
    reply.raise_for_status()
    body = reply.json()
    if "error" in body:
        raise RuntimeError(f"OCO error {body['error']['code']}: {body['error']['message']}")
    return [computer["hostname"] for computer in body["result"]["data"]["computers"]]


class Pcvisit:
    """pcvisit's GraphQL API: sign in with an API token pair, then query session protocols."""

    def __init__(self, base_url, integrator_token, user_token, max_retries=2):
        self.url = base_url + "/graphql"
        self.tokens = {"integrator": integrator_token, "user": user_token}
        self.max_retries = max_retries
        self.jwt = None

    def _query(self, query, variables, field):
        """One top-level field's result; waits and retries on TimeOut/TryAgainLater."""
        for attempt in range(self.max_retries + 1):
            headers = {"Authorization": f"Bearer {self.jwt}"} if self.jwt else {}
            reply = requests.post(self.url, headers=headers, timeout=10,
                                  json={"query": query, "variables": variables})
            reply.raise_for_status()
            result = reply.json()["data"][field]
            if result["__typename"] != "Failure":
                return result
            retry = re.search(r"Retry-After: (\d+)", result.get("comment_for_dev") or "")
            if result["error"] not in ("TimeOut", "TryAgainLater") or attempt == self.max_retries:
                raise RuntimeError(f"pcvisit {field}: {result['error']}")
            time.sleep(int(retry.group(1)) if retry else 1)

    def sign_in(self):
        result = self._query("""
            query ($i: IntegratorApiToken!, $u: UserApiToken!) {
              SiRetrieveSignedJwt(integratorApiToken: $i, userApiToken: $u) {
                __typename
                ... on SignedJwtWasRetrieved { token }
                ... on Failure { error comment_for_dev }
              }
            }""", {"i": self.tokens["integrator"], "u": self.tokens["user"]},
            "SiRetrieveSignedJwt")
        self.jwt = result["token"]

    def finished_sessions(self, company, first=10):
        """(totalCount, names of the first `first`) of the company's finished sessions."""
        result = self._query("""
            query ($c: CustomerUuid!, $n: Int) {
              AcQuerySessionsHistory(company: $c, filter: {input: "state == \\"Finished\\""},
                                     pagination: {first: $n}) {
                __typename
                ... on SessionProtocolEdge { totalCount nodes { value { name state } } }
                ... on Failure { error comment_for_dev }
              }
            }""", {"c": company, "n": first}, "AcQuerySessionsHistory")
        return result["totalCount"], [node["value"]["name"] for node in result["nodes"]]
