"""Hiring kits over HTTP (`POST /api/kit`, and under `data` in the chat), on the made-up
knowledge and the fake model: the document and its Markdown, JSON refusals naming what exists,
level and place taken from the conversation, and the OpenAPI schema."""

from __future__ import annotations

import pytest
import yaml
from fastapi.testclient import TestClient

from api.config import Settings
from api.index.build import build_index
from api.main import create_app
from api.serve.service import ChatService
from tests.conftest import FakeEmbedder, wait_ready
from tests.support.overlays import apply_company


def _client(tmp_path, kb2_copy):
    build_index(kb2_copy, tmp_path / "index", FakeEmbedder())
    settings = Settings(knowledge_dir=kb2_copy, index_dir=tmp_path / "index",
                        database_url=f"sqlite:///{tmp_path / 'chat.db'}", rate_limit_per_minute=0)
    app = create_app(settings, service=ChatService(settings, embedder=FakeEmbedder()))
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_ready(client)
        yield client


@pytest.fixture
def kit_client(tmp_path, kb2_copy):
    """The app on the made-up knowledge, with a role it has nothing to say about."""
    profile = kb2_copy / "profile.yml"
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    data["roles"].append({"id": "data-steward", "name": "data steward", "ladder": "tracks"})
    profile.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                       encoding="utf-8")
    yield from _client(tmp_path, kb2_copy)


@pytest.fixture
def company_client(tmp_path, kb2_copy):
    """The app on the made-up knowledge with a made-up company's content laid over it."""
    yield from _client(tmp_path, apply_company(kb2_copy))


def test_post_kit_returns_the_document_and_its_markdown(kit_client):
    response = kit_client.post("/api/kit", json={"kind": "job_post", "role": "SRE",
                                                 "level": "senior", "location": "Osaka"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "L5 platform engineer (Osaka)"
    assert [s["id"] for s in body["sections"]][:2] == ["about", "duties"]
    pay = next(s for s in body["sections"] if s["id"] == "pay")
    assert [b["source"] for b in pay["bullets"]] == ["platform-engineer-l5",
                                                     "platform-engineer-osaka"]
    assert pay["sources"] == ["platform-engineer-l5", "platform-engineer-osaka"]
    assert body["markdown"].startswith("# L5 platform engineer (Osaka)")
    assert body["labels"]["evidence"] == "Look for"
    sources = {s["id"]: s for s in body["sources"]}
    assert sources["platform-engineer-osaka"]["path"].endswith("salaries.csv")
    card = kit_client.post("/api/kit", json={"kind": "scorecard", "role": "designer"}).json()
    assert card["sections"][0]["table"] and card["sections"][0]["bullets"][0]["evidence"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"kind": "job_post", "role": "astronaut"}, 422, "no role 'astronaut'"),
        ({"kind": "job_post", "role": "SRE", "level": "L9"}, 422, "levels: L3, L4"),
        ({"kind": "job_post", "role": "SRE", "location": "Atlantis"}, 422, "places with figures"),
        ({"kind": "job_post", "role": "data steward"}, 404,
         "I have no content for a job ad for data stewards. I can draft one for platform "
         "engineers"),
        ({"kind": "memo", "role": "SRE"}, 422, "kind"),
        ({"kind": "job_post"}, 422, "role"),
        ({"kind": "job_post", "role": ""}, 422, "role"),
        ({"kind": "job_post", "role": "SRE", "colour": "red"}, 422, "unknown field"),
        ({"kind": "job_post", "role": "\u0000"}, 422, "cannot be stored"),
        ({"kind": "job_post", "role": "SRE", "omit": ["perks"]}, 422,
         "no section 'perks' in the job ad; its sections: about, duties"),
        ({"kind": "job_post", "role": "SRE", "omit": "pay"}, 422, "omit"),
    ],
)
def test_post_kit_refuses_what_the_knowledge_lacks_as_json(kit_client, body, status, says):
    response = kit_client.post("/api/kit", json=body)
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]


def test_post_kit_leaves_out_the_sections_asked(kit_client):
    body = kit_client.post("/api/kit", json={"kind": "job_post", "role": "SRE", "level": "L5",
                                             "omit": ["pay", "plus"]}).json()
    assert body["omitted"] == ["A plus", "Pay"]
    assert [s["id"] for s in body["sections"]] == ["about", "duties", "requirements", "work",
                                                   "process"]
    assert "*Left out, as asked: A plus, Pay.*" in body["markdown"]


def test_post_kit_takes_level_and_place_from_the_conversation(kit_client):
    chat = kit_client.post("/api/chat", json={"message": "What does an L4 platform engineer "
                                                         "earn in Geneva?"}).json()
    assert chat["data"]["draft"]["message"].startswith("Draft a job ad for an L4 platform")
    body = kit_client.post("/api/kit", json={"kind": "job_post", "role": "platform engineer",
                                             "session_id": chat["session_id"]}).json()
    assert (body["level"], body["location"]) == ("l4", "Geneva")
    other = kit_client.post("/api/kit", json={"kind": "job_post", "role": "designer",
                                              "session_id": chat["session_id"]}).json()
    assert (other["level"], other["location"]) == ("", "")


def test_chat_carries_the_kit_under_data_and_restores_it(kit_client):
    first = kit_client.post("/api/chat", json={"message": "Draft a job ad for an L3 SRE"})
    body = first.json()
    assert body["data"]["kind"] == "job_post" and body["answered"]
    assert body["answer"] == body["data"]["markdown"]
    assert body["suggestions"][0] == "Make it L4"
    history = kit_client.get(f"/api/sessions/{body['session_id']}").json()
    assert history["turns"][0]["data"]["title"] == "L3 platform engineer"
    events = kit_client.post("/api/chat/stream", json={"message": "make it L5",
                                                       "session_id": body["session_id"]})
    assert '"title": "L5 platform engineer"' in events.text


def test_the_openapi_schema_documents_the_kit(kit_client):
    schema = kit_client.get("/openapi.json").json()
    assert "/api/kit" in schema["paths"]
    assert {"KitData", "KitRequest", "KitBullet"} <= set(schema["components"]["schemas"])


def test_post_kit_keeps_the_ad_apart_from_the_recruiter_s_notes(company_client):
    ask = {"kind": "job_post", "role": "SRE", "level": "L5", "location": "Zurich"}
    full = company_client.post("/api/kit", json=ask).json()
    ad = company_client.post("/api/kit", json={**ask, "sources": False}).json()
    assert full["title"] == "L5 platform engineer at Alpkraft (Zurich)"
    pay = next(s for s in full["sections"] if s["id"] == "pay")
    assert [(b["text"], b["source"]) for b in pay["bullets"]] == [
        ("CHF 150,000–CHF 170,000 a year", "band:ch-l5")]
    assert full["recruiter"][0]["label"].startswith("Market reference")
    assert "the range in this post meets it" in full["recruiter"][-1]["text"]
    assert full["warnings"] == []
    sources = {s["id"]: s for s in full["sources"]}
    assert (sources["band:ch-l5"]["kind"], sources["company:about"]["as_of"]) == ("band", None)
    assert "For the recruiter, not for the ad" in full["markdown"]
    assert "Sources (from the knowledge base" in full["markdown"]
    # Without sources: the ad alone in the Markdown; the JSON keeps every field.
    assert ad["markdown"] == ad["ad_markdown"] == full["ad_markdown"]
    for other in ("For the recruiter", "Sources (from", "CHF 142,000", "`band:ch-l5`"):
        assert other not in ad["markdown"]
    assert ad["recruiter"] == full["recruiter"] and ad["sources"] == full["sources"]


def test_post_kit_warns_of_a_post_without_the_range_a_place_asks_for(company_client):
    body = company_client.post("/api/kit", json={"kind": "job_post", "role": "SRE",
                                                 "level": "L3", "location": "Geneva",
                                                 "sources": False}).json()
    [warning] = body["warnings"]
    assert warning["source"].startswith("rule:") and "Alpine Pay Openness Act" in warning["text"]
    assert "before it is published there" in warning["text"]
    assert warning["text"] not in body["markdown"]  # the ad alone; the client shows it


def test_lines_written_for_posts_are_never_searched(company_client):
    hits = company_client.get("/api/search", params={"q": "cable-car software lift-control "
                                                     "clusters resorts", "k": 10})
    assert hits.status_code == 200
    assert not any("/post-" in h["id"] for h in hits.json()["results"])
    chat = company_client.post("/api/chat", json={"message": "Draft a job ad for an L5 SRE in "
                                                  "Zurich"}).json()
    assert chat["data"]["title"] == "L5 platform engineer at Alpkraft (Zurich)"
    assert "platform-engineer/post-about" in {s["id"] for s in chat["data"]["sources"]}
