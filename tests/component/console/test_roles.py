"""Every route of the content console (/admin/api/) and of the admin API (/api/admin/) asks
for a role, and the one it asks for is the one in ROUTE_ROLES: the role just below it is
refused (403; 401 where there is none below: no session, no credentials), the role itself is
not (whatever the route then says of the request: a 422 for an empty body is fine).

A new route goes into ROUTE_ROLES, as ("METHOD", "/the/path/{param}"): Role.X; a route not
there fails `test_every_route_needs_a_role`. Path parameters are sent as "x" and a body as {}
unless REQUESTS says otherwise.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from api.store.roles import Role
from tests.support.http import PASSWORD, add_account, sign_in

# The role each route needs; None: no session at all (signing in).
ROUTE_ROLES: dict[tuple[str, str], Role | None] = {
    # the session
    ("POST", "/admin/api/session"): None,
    ("GET", "/admin/api/session"): Role.VIEWER,
    ("POST", "/admin/api/session/end"): Role.VIEWER,
    # reading
    ("GET", "/admin/api/overview"): Role.VIEWER,
    ("GET", "/admin/api/gaps"): Role.VIEWER,
    ("GET", "/admin/api/gaps.csv"): Role.VIEWER,
    ("GET", "/admin/api/conversations"): Role.VIEWER,
    ("GET", "/admin/api/conversations/{session_id}"): Role.VIEWER,
    ("GET", "/admin/api/knowledge"): Role.VIEWER,
    ("GET", "/admin/api/builds"): Role.VIEWER,
    ("POST", "/admin/api/try"): Role.VIEWER,
    # drafts and checks
    ("POST", "/admin/api/gaps/handled"): Role.EDITOR,
    ("POST", "/admin/api/builds/check"): Role.EDITOR,  # with publish: true, a publisher's
    # publishing
    ("POST", "/admin/api/builds/publish"): Role.PUBLISHER,
    ("POST", "/admin/api/builds/rollback"): Role.PUBLISHER,
    ("POST", "/admin/api/builds/discard"): Role.PUBLISHER,
    # accounts
    ("GET", "/admin/api/accounts"): Role.ADMIN,
    ("POST", "/admin/api/accounts"): Role.ADMIN,
    ("PATCH", "/admin/api/accounts/{name}"): Role.ADMIN,
    ("DELETE", "/admin/api/accounts/{name}"): Role.ADMIN,
    # the admin API
    ("GET", "/api/admin/gaps"): Role.VIEWER,
    ("POST", "/api/admin/reindex"): Role.PUBLISHER,
}
# Editing the knowledge: the same routes in the console and the admin API.
for _prefix in ("/admin/api/content", "/api/admin/content"):
    ROUTE_ROLES.update({
        ("GET", _prefix): Role.VIEWER,
        ("GET", f"{_prefix}/draft"): Role.VIEWER,
        ("GET", f"{_prefix}/log"): Role.VIEWER,
        ("GET", f"{_prefix}/files/{{path:path}}"): Role.VIEWER,
        ("GET", f"{_prefix}/revisions/{{revision_id}}"): Role.VIEWER,
        ("GET", f"{_prefix}/originals/{{original_id}}"): Role.VIEWER,
        ("POST", f"{_prefix}/check"): Role.EDITOR,
        ("PUT", f"{_prefix}/files/{{path:path}}"): Role.EDITOR,
        ("DELETE", f"{_prefix}/files/{{path:path}}"): Role.EDITOR,
        ("POST", f"{_prefix}/import"): Role.EDITOR,
        ("POST", f"{_prefix}/revisions/{{revision_id}}/revert"): Role.PUBLISHER,
    })
ROUTE_ROLES[("GET", "/admin/api/content/schema")] = Role.VIEWER
# What to send where {} as a body (for POST, PUT and PATCH) and "x" for path parameters would
# not do: keyword arguments of `TestClient.request`, with the path filled in.
REQUESTS: dict[tuple[str, str], dict[str, Any]] = {}
PREFIXES = ("/admin/api/", "/api/admin/")


def app_routes(client) -> set[tuple[str, str]]:
    """(method, path) of every route of the app under PREFIXES (in the routers it includes)."""
    return {(method, route.path) for route in iter_route_contexts(client.app.routes)
            if isinstance(route.original_route, APIRoute) and route.path.startswith(PREFIXES)
            for method in route.methods or () if method != "HEAD"}


def request(client, method: str, path: str, headers: dict[str, str]):
    """The route called with what REQUESTS says, else an empty body and "x" for parameters."""
    kwargs = REQUESTS.get((method, path)) or {
        "url": re.sub(r"\{[^}]+\}", "x", path),
        **({"json": {}} if method in ("POST", "PUT", "PATCH") else {})}
    kwargs = {**kwargs, "headers": {**headers, **kwargs.get("headers", {})}}
    return client.request(method, **kwargs)


def below(role: Role) -> Role | None:
    """The role just below `role`; None below a viewer."""
    return Role(role - 1) if role > Role.VIEWER else None


def test_every_route_needs_a_role(client):
    routes = app_routes(client)
    missing = sorted(routes - set(ROUTE_ROLES))
    assert not missing, f"every route needs a role: add {missing} to ROUTE_ROLES"
    gone = sorted(set(ROUTE_ROLES) - routes)
    assert not gone, f"ROUTE_ROLES names routes the app does not have: {gone}"


def console(client, role: Role | None) -> dict[str, str]:
    """A fresh console session of `role` (none for None); the headers of a change."""
    client.cookies.clear()
    return {} if role is None else sign_in(client, f"{role.label} person", role)


def basic(client, role: Role | None) -> dict[str, str]:
    """The admin API's credentials of an account of `role` (none for None)."""
    if role is None:
        return {}
    name = f"{role.label} person"
    add_account(client, name, role)
    token = base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


CONSOLE = sorted(k for k in ROUTE_ROLES if k[1].startswith("/admin/api/"))
API = sorted(k for k in ROUTE_ROLES if k[1].startswith("/api/admin/"))


@pytest.mark.parametrize("method, path", CONSOLE, ids=[" ".join(k) for k in CONSOLE])
def test_a_console_route_refuses_the_role_below_the_one_it_needs(client, method, path):
    needed = ROUTE_ROLES[(method, path)]
    if needed is not None:
        lower = below(needed)
        refused = request(client, method, path, console(client, lower))
        if lower is None:
            assert refused.status_code == 401, refused.text
        else:
            assert refused.status_code == 403, refused.text
            assert f"needs the {needed.label} role; you are" in refused.json()["detail"]
    allowed = request(client, method, path, console(client, needed))
    assert allowed.status_code not in (401, 403), (needed, allowed.text)


@pytest.mark.parametrize("method, path", API, ids=[" ".join(k) for k in API])
def test_an_admin_api_route_refuses_the_role_below_the_one_it_needs(client, method, path):
    needed = ROUTE_ROLES[(method, path)]
    assert needed is not None, "the admin API has no route without credentials"
    lower = below(needed)
    refused = request(client, method, path, basic(client, lower))
    assert refused.status_code == (401 if lower is None else 403), refused.text
    allowed = request(client, method, path, basic(client, needed))
    assert allowed.status_code not in (401, 403), (needed, allowed.text)


def test_checking_needs_an_editor_and_publishing_with_it_a_publisher(client):
    csrf = console(client, Role.EDITOR)
    refused = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "publishing needs the publisher role; you are an editor"
    checked = client.post("/admin/api/builds/check", json={"publish": False}, headers=csrf)
    assert checked.status_code not in (401, 403), checked.text
    csrf = console(client, Role.PUBLISHER)
    published = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert published.status_code not in (401, 403), published.text
