"""The API's documentation as its readers use it: /docs and /redoc work with no way out of the
server, /favicon.ico exists, and the OpenAPI document has plain summaries, real examples, the
stream's events, the admin token's scheme and the constraints the server enforces."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import jsonschema_rs
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

ADMIN = {"Authorization": "Bearer s3cret-admin-token-for-tests"}
TYPES = {".js": "text/javascript", ".css": "text/css", ".ico": "image/vnd.microsoft.icon",
         ".json": "application/json"}


class Links(HTMLParser):
    """Every URL a page loads: src and href attributes, ReDoc's spec-url, Swagger UI's url."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("src", "href", "spec-url") and v]

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"\burl: '([^']+)'", data)


def loaded_by(html: str) -> list[str]:
    links = Links()
    links.feed(html)
    return links.urls


@pytest.fixture
def document(client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def operations(document: dict[str, Any]):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


# --- the pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_only_what_the_app_serves(client, page):
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # Nothing from another host: no scheme, no protocol-relative URL, no Google Fonts.
    assert "://" not in response.text and '"//' not in response.text
    urls = loaded_by(response.text)
    assert "/openapi.json" in urls and "/favicon.ico" in urls
    assert any(url.startswith("/docs-assets/") for url in urls)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        kind = TYPES[url[url.rindex("."):]]
        assert asset.headers["content-type"].startswith(kind), (url, asset.headers)
        assert len(asset.content) > 500, url  # the real file, not a stub


def test_swagger_ui_asks_no_online_validator(client):
    html = client.get("/docs").text
    assert '"validatorUrl": null' in html


def test_the_favicon_is_an_icon_outside_the_api(client, document):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    for path in ("/favicon.ico", "/docs", "/redoc"):
        assert path not in document["paths"]
    assert not any(path.startswith("/docs-assets") for path in document["paths"])


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_pages_work_under_a_proxy_prefix(client, page):
    behind_proxy = TestClient(client.app, root_path="/advisor")
    urls = loaded_by(behind_proxy.get(page).text)
    assert urls and all(url.startswith("/advisor/") for url in urls), urls


# --- summaries and examples -------------------------------------------------------------------

def test_every_operation_has_a_summary_of_its_own(client, document):
    generated = {route.name.replace("_", " ").title() for route in client.app.routes
                 if isinstance(route, APIRoute)}
    for name, operation in operations(document):
        assert operation.get("summary"), name
        assert operation["summary"] not in generated, (name, operation["summary"])


def media_examples(media: dict[str, Any]) -> list[Any]:
    if "example" in media:
        return [media["example"]]
    return [example["value"] for example in media.get("examples", {}).values()]


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def test_every_request_body_and_answer_has_a_real_example(document):
    for name, operation in operations(document):
        bodies = list(operation.get("requestBody", {}).get("content", {}).values())
        assert operation["responses"]["200"].get("content"), name
        answers = [media for response in operation["responses"].values()
                   for media in response.get("content", {}).values()]
        for media in bodies + answers:
            found = media_examples(media)
            assert found, name
            for example in found:
                # FastAPI's stand-in for a value nobody wrote is "string".
                assert example and "string" not in leaves(example), (name, example)


def validator(document: dict[str, Any], schema: dict[str, Any]) -> jsonschema_rs.Validator:
    """A validator of `schema`, its $refs read in the document's components."""
    return jsonschema_rs.validator_for({**schema, "components": document["components"]})


def test_every_example_is_valid_by_its_schema(document):
    checked = 0
    for name, operation in operations(document):
        bodies = operation.get("requestBody", {}).get("content", {}).items()
        answers = [(media_type, media) for status, response in operation["responses"].items()
                   for media_type, media in response.get("content", {}).items()]
        for media_type, media in [*bodies, *answers]:
            if media_type != "application/json":
                continue
            for example in media_examples(media):
                errors = [e.message for e in
                          validator(document, media["schema"]).iter_errors(example)]
                assert not errors, (name, example, errors)
                checked += 1
    assert checked >= 15


def test_parameters_have_examples_or_defaults(document):
    for name, operation in operations(document):
        for parameter in operation.get("parameters", []):
            assert ("examples" in parameter or "default" in parameter["schema"]), (
                name, parameter["name"])


# --- the stream -------------------------------------------------------------------------------

def stream_events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_the_stream_documents_each_event_with_its_data(client, document):
    answer = document["paths"]["/api/chat/stream"]["post"]["responses"]["200"]
    media = answer["content"]["text/event-stream"]
    kinds = {kind["properties"]["event"]["const"]: kind["properties"]["data"]
             for kind in media["itemSchema"]["oneOf"]}
    assert list(kinds) == ["sources", "delta", "done", "error"]
    for name in kinds:
        assert f"`{name}`" in answer["description"]
    # The example and a real stream: every event is one the document lists, its data as said.
    real = client.post("/api/chat/stream", json={"message": "What does an L4 earn in Zurich?"})
    assert real.headers["content-type"].startswith("text/event-stream")
    for text in (media["example"], real.text):
        events = stream_events(text)
        assert [name for name, _ in events][0] == "sources" and events[-1][0] == "done"
        for name, data in events:
            data_schema = kinds[name]
            assert data_schema["contentMediaType"] == "application/json"
            errors = [e.message for e in
                      validator(document, data_schema["contentSchema"]).iter_errors(data)]
            assert not errors, (name, data, errors)


# --- the admin token --------------------------------------------------------------------------

def test_the_admin_routes_declare_the_token_and_the_accounts(document):
    token = document["components"]["securitySchemes"]["AdminToken"]
    assert token["type"] == "http" and token["scheme"] == "bearer"
    account = document["components"]["securitySchemes"]["AdminAccount"]
    assert account["type"] == "http" and account["scheme"] == "basic"
    secured = {name for name, operation in operations(document) if "security" in operation}
    admin = {name for name, _ in operations(document) if " /api/admin/" in name}
    assert secured == admin and {"GET /api/admin/gaps", "POST /api/admin/reindex"} <= admin
    for name, operation in operations(document):
        if name in admin:  # either will do: the token, or an account's name and password
            assert operation["security"] == [{"AdminToken": []}, {"AdminAccount": []}], name
            assert "403" in operation["responses"], name
    for name, operation in operations(document):
        for parameter in operation.get("parameters", []):
            assert parameter["name"].lower() != "authorization", name


def test_declaring_the_schemes_changes_no_answer(client):
    assert client.get("/api/admin/gaps").status_code == 401
    assert client.get("/api/admin/gaps", headers={"Authorization": "Basic abc"}
                      ).status_code == 401
    assert client.get("/api/admin/gaps", headers={"Authorization": "Basic w7ZudDpub3Bl"}
                      ).status_code == 401  # "önt:nope": not ASCII, read (FastAPI's would not)
    assert client.get("/api/admin/gaps", headers={"Authorization": "Bearer wrong"}
                      ).status_code == 401
    response = client.get("/api/admin/gaps", headers=ADMIN)
    assert response.status_code == 200 and "gaps" in response.json()


# --- the constraints the server enforces ------------------------------------------------------

TEXTS = ["Zurich pay?", "  L4 in Zurich?\n", "日本語 \U0001f600", "\u3000x\u3000", "tab\tok",
         "", " ", "\t\r\n", "\u2028", "a\x00b", "bell\x07", "\x7f", "esc\x1b[31m", "\x85",
         "x" * 2000, "x" * 2001, " " + "x" * 2000 + " \n", "\u00a0" + "y" * 1999]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_schema_and_the_server_agree_on_a_message(client, document, text):
    request = document["components"]["schemas"]["ChatRequest"]
    valid = validator(document, request).is_valid({"message": text})
    status = client.post("/api/chat", json={"message": text}).status_code
    assert (status == 200) == valid, (text, status)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_schema_and_the_server_agree_on_a_search(client, document, text):
    parameters = document["paths"]["/api/search"]["get"]["parameters"]
    q = next(p for p in parameters if p["name"] == "q")["schema"]
    valid = validator(document, q).is_valid(text)
    status = client.get("/api/search", params={"q": text}).status_code
    assert (status == 200) == valid, (text, status)


@pytest.mark.parametrize("text", ["s_0123", "a\x00b", "x" * 128, "x" * 129, "line\nbreak"])
def test_the_schema_and_the_server_agree_on_ids_and_comments(client, document, text):
    schemas = document["components"]["schemas"]
    session = {"message": "Zurich pay?", "session_id": text}
    valid = validator(document, schemas["ChatRequest"]).is_valid(session)
    assert (client.post("/api/chat", json=session).status_code == 200) == valid, text
    feedback = {"message_id": "m_unknown", "rating": "down", "comment": text}
    valid = validator(document, schemas["FeedbackRequest"]).is_valid(feedback)
    assert (client.post("/api/feedback", json=feedback).status_code == 404) == valid, text


def test_a_name_the_knowledge_lacks_is_a_documented_422(client, document):
    kit = document["paths"]["/api/kit"]["post"]
    assert "knowledge" in kit["responses"]["422"]["description"]
    role = document["components"]["schemas"]["KitRequest"]["properties"]["role"]
    assert "422" in role["description"]
    response = client.post("/api/kit", json={"kind": "job_post", "role": "astronaut"})
    assert response.status_code == 422
    assert "no role 'astronaut'" in response.json()["detail"]
