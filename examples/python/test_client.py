"""CI tests of client.py against an rmmsim tenant: results, then what reached the "vendor"."""
import json

import pytest

from client import Pcvisit, RemotePC, RemotePCError, oco_computer_names

# The pcvisit company of rmmsim's `default` fixture ("Demo Support GmbH").
COMPANY = "c0ffee00-0000-4000-8000-000000000001"


def remotepc(rmmsim):
    return RemotePC(rmmsim.base_url, rmmsim.credentials["remotepc-enterprise"]["apiKey"])


def pcvisit(rmmsim):
    tokens = rmmsim.credentials["pcvisit"]
    return Pcvisit(rmmsim.base_url, tokens["integratorApiToken"], tokens["userApiToken"])


def test_lists_every_remotepc_computer_page_by_page(rmmsim):
    names = remotepc(rmmsim).list_computers(page_size=50)

    assert len(names) == 130 and "FIN-LT-014" in names
    # 130 computers, 50 a page: exactly three calls, each a 200.
    assert rmmsim.count(operation="/rpcnew/api/msp/computer/list", status="200") == 3
    assert [e["query"] for e in rmmsim.requests(operation="/rpcnew/api/msp/computer/list")] == [
        "pageIndex=1&recordPerPage=50", "pageIndex=2&recordPerPage=50",
        "pageIndex=3&recordPerPage=50"]


def test_invites_a_user_with_one_request(rmmsim):
    assert remotepc(rmmsim).invite_user("new.user@example.com")

    [entry] = rmmsim.requests(operation="/rpcnew/api/msp/user/invite")
    assert entry["method"] == "POST" and entry["status"] == 200
    assert json.loads(entry["body"]) == {"email": ["new.user@example.com"]}


def test_lists_oco_computers_over_json_rpc(rmmsim):
    oco = rmmsim.credentials["oco"]
    names = oco_computer_names(rmmsim.base_url, oco["user"], oco["password"], oco["apiKey"])

    assert len(names) == 18 and "ACC-LT-03" in names
    [entry] = rmmsim.requests(api="oco")
    assert entry["operation"] == "oco.computer.list"
    assert json.loads(entry["body"])["params"]["api_key"] == oco["apiKey"]


def test_signs_in_to_pcvisit_and_queries_sessions(rmmsim):
    client = pcvisit(rmmsim)
    client.sign_in()
    total, names = client.finished_sessions(COMPANY, first=5)

    assert total > 5 and len(names) == 5
    assert [e["operation"] for e in rmmsim.requests(api="pcvisit")] == [
        "SiRetrieveSignedJwt", "AcQuerySessionsHistory"]


def test_a_remotepc_error_reaches_the_caller(rmmsim):
    rmmsim.fault(api="remotepc-enterprise", operation="/rpcnew/api/msp/user/invite",
                 error="INVALID_USER_PLAN")

    with pytest.raises(RemotePCError) as failure:
        remotepc(rmmsim).invite_user("new.user@example.com")

    assert failure.value.description == "Invalid user plan"
    assert rmmsim.count(operation="/rpcnew/api/msp/user/invite", status="403") == 1


def test_pcvisit_timeout_is_retried_after_retry_after(rmmsim):
    client = pcvisit(rmmsim)
    client.sign_in()
    # The next AcQuerySessionsHistory answers pcvisit's rate-limit Failure, once.
    rmmsim.fault(api="pcvisit", operation="AcQuerySessionsHistory", error="TimeOut",
                 comment="Retry-After: 1")

    total, _ = client.finished_sessions(COMPANY)

    assert total > 0
    calls = rmmsim.requests(operation="AcQuerySessionsHistory")
    assert len(calls) == 2 and '"error":"TimeOut"' in calls[0]["responseBody"]
