"""pytest fixtures: a fresh rmmsim tenant for every test.

rmmsim runs once for the whole CI job (scripts/run, or the Docker image); each test gets a
world of its own in well under a millisecond, so tests may run in parallel (pytest-xdist).
"""
import os

import pytest
import requests

RMMSIM_URL = os.environ.get("RMMSIM_URL", "http://127.0.0.1:8080").rstrip("/")


class Rmmsim:
    """The control plane (/__admin/) as the tests use it, scoped to one tenant."""

    def __init__(self, tenant):
        self.id = tenant["id"]
        self.base_url = tenant["baseUrl"]          # http://HOST:PORT/t/<id>: every API under it
        self.credentials = tenant["credentials"]   # the tenant's own keys and tokens

    def requests(self, **filters):
        """Journal entries of this tenant, oldest first (filters: api, operation, status...)."""
        reply = requests.get(f"{RMMSIM_URL}/__admin/requests", timeout=10,
                             params={"tenant": self.id, "order": "oldest", **filters})
        reply.raise_for_status()
        return reply.json()["requests"]

    def count(self, **filters):
        reply = requests.get(f"{RMMSIM_URL}/__admin/requests/count", timeout=10,
                             params={"tenant": self.id, **filters})
        reply.raise_for_status()
        return reply.json()["count"]

    def fault(self, **spec):
        """Makes this tenant's next matching request(s) fail (see GET /__admin/errors)."""
        reply = requests.post(f"{RMMSIM_URL}/__admin/faults", timeout=10,
                              json={"tenant": self.id, **spec})
        reply.raise_for_status()
        return reply.json()


@pytest.fixture
def rmmsim():
    reply = requests.post(f"{RMMSIM_URL}/__admin/tenants", json={"fixture": "default"}, timeout=10)
    reply.raise_for_status()
    tenant = Rmmsim(reply.json())
    yield tenant
    requests.delete(f"{RMMSIM_URL}/__admin/tenants/{tenant.id}", timeout=10).raise_for_status()
