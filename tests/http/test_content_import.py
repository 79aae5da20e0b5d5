"""Importing documents into the knowledge over HTTP, on the made-up second knowledge base and
the fake model: a Markdown guide, an HTML page with a salary table and a PDF (all made up, under
tests/fixtures/imports and tests/support/documents.py) each become reviewable drafts, with the
validator's problems and the copy warnings; nothing is served until reviewed, saved and
published; after that the assistant answers a question from each. The original is kept and
can be downloaded. The importer's own cases are in tests/unit/knowledge/test_importing.py."""

from __future__ import annotations

import re

import pytest

from api.store.roles import Role
from tests.conftest import ROOT
from tests.support.documents import pdf_bytes
from tests.support.http import chat, sign_in

IMPORTS = ROOT / "tests" / "fixtures" / "imports"
CONTENT = "/admin/api/content"
# Made-up lines for the PDF: a duty nobody else in the test knowledge describes.
PDF_LINES = (
    (20, "Example Robotics drone pilots"),
    (11, "A fictional guide written for the tests; nothing in it is real."),
    (16, "1. What a drone pilot checks before take-off"),
    (11, "Before every flight the drone pilot inspects the propellers, the battery seals and"),
    (11, "the geofence map, then signs the pre-flight sheet kept in the hangar."),
)


def review(body: str) -> str:
    """What the editor does with a proposed topic file: an "Asked as" line for each snippet
    in place of the importer's marker (how people ask: here, "Tell me about <title>")."""
    out, title = [], ""
    for line in body.splitlines():
        heading = re.match(r"## (.+?)(?: \{#.*\})?$", line)
        if heading:
            title = heading.group(1)
        if line.startswith("<!-- Asked as:"):
            line = f"Asked as: Tell me about {title.lower()}"
        out.append(line)
    return "\n".join(out) + "\n"


def upload(client, csrf, name: str, data: bytes, media_type: str) -> dict:
    response = client.post(f"{CONTENT}/import", headers=csrf, files={
        "file": (name, data, media_type)}, data={
            "source": "Example Robotics hiring guide (made up)", "as_of": "2025-03-01",
            "role": "platform-engineer"})
    assert response.status_code == 200, response.text
    return response.json()


def save_all(client, csrf, proposal: dict) -> None:
    for item in proposal["files"]:
        body = review(item["body"]) if item["kind"] == "topic" else item["body"]
        saved = client.put(f"{CONTENT}/files/{item['path']}", headers={
            **csrf, "If-None-Match": "*"}, json={
                "body": body, "message": f"imported {proposal['original']['filename']}",
                "original_id": proposal["original"]["id"]})
        assert saved.status_code == 200, saved.text
        assert saved.json()["kind"] == "import" and saved.json()["problems"] == []


def test_three_documents_become_drafts_then_answers_once_published(client):
    editor = sign_in(client, "Ann Editor", Role.EDITOR)
    guide = upload(client, editor, "pay-guide.md", (IMPORTS / "pay-guide.md").read_bytes(),
                   "text/markdown")
    page = upload(client, editor, "careers.html", (IMPORTS / "careers.html").read_bytes(),
                  "text/html")
    pdf = upload(client, editor, "drones.pdf", pdf_bytes(PDF_LINES), "application/pdf")
    for proposal in (guide, page, pdf):
        topics = [f for f in proposal["files"] if f["kind"] == "topic"]
        assert topics and topics[0]["path"].startswith("imported-")
        warnings = [w["message"] for w in topics[0]["warnings"]]
        assert any("no 'Asked as:' line yet" in w for w in warnings), warnings
        assert any("word for word" in w for w in warnings), warnings
    rows = next(f for f in page["files"] if f["kind"] == "salaries")["body"]
    assert ",Porto,,,,48000,EUR,year," in rows and ",Leeds,,,,60000,GBP,year," in rows
    assert "## What a drone pilot checks before take-off" in pdf["files"][0]["body"]

    # Proposed, not saved: nothing in the knowledge yet, nothing served.
    paths = {f["path"] for f in client.get(CONTENT).json()["files"]}
    assert not any(p.startswith("imported-") for p in paths)
    before = chat(client, "What does a platform engineer earn in Porto?")
    assert "48,000" not in before["answer"]

    for proposal in (guide, page, pdf):
        save_all(client, editor, proposal)
    publisher = sign_in(client, "Pat Publisher", Role.PUBLISHER)
    checked = client.post("/admin/api/builds/check", json={"publish": True}, headers=publisher)
    # Nothing the gate checks gets worse: Berlin, a city with no figure of its own, stays not
    # covered, with the other German cities' figures beside the refusal for context.
    assert checked.json()["status"] == "published", checked.text
    berlin = chat(client, "What does a platform engineer earn in Berlin?")
    assert not berlin["answered"] and "For context only" in berlin["answer"]

    assert "48,000" in chat(client, "What does a platform engineer earn in Porto?")["answer"]
    wrangler = chat(client, "Tell me about what a robot wrangler does")
    assert "grippers" in wrangler["answer"], wrangler["answer"]
    drones = chat(client, "Tell me about what a drone pilot checks before take-off")
    assert "propellers" in drones["answer"], drones["answer"]

    # The original is kept beside its revisions, byte for byte.
    log = client.get(f"{CONTENT}/log").json()["revisions"]
    imported = next(r for r in log if r["path"] == pdf["files"][0]["path"])
    assert imported["original_id"] == pdf["original"]["id"]
    original = client.get(f"{CONTENT}/originals/{imported['original_id']}")
    assert original.content == pdf_bytes(PDF_LINES)
    assert original.headers["content-disposition"] == 'attachment; filename="drones.pdf"'


@pytest.mark.parametrize("name, data, detail", [
    ("notes.txt", b"plain text", "unsupported"),
    ("empty.md", b"", "empty"),
    ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
])
def test_a_document_that_cannot_be_read_is_a_clear_422(client, name, data, detail):
    editor = sign_in(client, "Ann Editor", Role.EDITOR)
    response = client.post(f"{CONTENT}/import", headers=editor, files={
        "file": (name, data, "application/octet-stream")}, data={
            "source": "Made-up source", "as_of": "2025-03-01"})
    assert response.status_code == 422, response.text
    assert detail.lower() in response.json()["detail"].lower()


def test_a_viewer_cannot_import_and_the_form_is_checked(client):
    viewer = sign_in(client, "Vera Viewer", Role.VIEWER)
    refused = client.post(f"{CONTENT}/import", headers=viewer, files={
        "file": ("a.md", b"# A\n\ntext\n", "text/markdown")}, data={
            "source": "Made-up", "as_of": "2025-03-01"})
    assert refused.status_code == 403
    editor = sign_in(client, "Ann Editor", Role.EDITOR)
    undated = client.post(f"{CONTENT}/import", headers=editor, files={
        "file": ("a.md", b"# A\n\ntext\n", "text/markdown")}, data={
            "source": "Made-up", "as_of": "March 2025"})
    assert undated.status_code == 422 and "as_of" in undated.text
