"""A knowledge directory as a working copy of the store's revisions (api.serve.content.sync):
seeded once, edits in the store written to the files, edits in the files saved as revisions,
conflicts refused or settled, and nothing but the knowledge's own files touched. The texts are
made up for the tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from api.serve.content import (
    DISK_AUTHOR,
    MARKER,
    ContentSyncConflict,
    Prefer,
    path_problem,
    sync,
    tree_diff,
)
from api.store.repository import Store


@pytest.fixture
def store(database_url) -> Store:
    s = Store(database_url, session_ttl=timedelta(hours=1), max_turns=3)
    yield s
    s.close()


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "knowledge"
    (root / "roles").mkdir(parents=True)
    (root / "about.md").write_text("made-up v1\n")
    (root / "roles" / "pay.csv").write_text("id,amount\nmade-up,1\n")
    (root / "README.md").write_text("notes, not knowledge\n")
    (root / "_draft.md").write_text("a note\n")
    return root


def test_the_first_sync_seeds_the_store_and_writes_nothing(store, folder):
    report = sync(store, folder)
    assert report.seeded and not report.written and not report.saved
    assert set(store.content_tree()) == {"about.md", "roles/pay.csv"}  # notes stay notes
    assert not (folder / MARKER).exists()  # a directory nothing was written to stays as it was
    assert not sync(store, folder).changed


def test_edits_in_the_store_reach_the_files_and_edits_in_the_files_the_store(store, folder):
    sync(store, folder)
    head = store.content_file("about.md")
    store.save_content("about.md", "made-up v2\n", author="Ann", expected=head.id)
    report = sync(store, folder)
    assert report.written == ["about.md"] and (folder / "about.md").read_text() == "made-up v2\n"
    assert int((folder / MARKER).read_text()) == store.content_head()
    (folder / "roles" / "pay.csv").write_text("id,amount\nmade-up,2\n")
    (folder / "new.md").write_text("made-up new\n")
    report = sync(store, folder, author="Bob (command line)")
    assert report.saved == ["new.md", "roles/pay.csv"]
    assert store.content_file("new.md").author == "Bob (command line)"
    (folder / "new.md").unlink()
    assert sync(store, folder).saved == ["new.md"]
    assert "new.md" not in store.content_tree()
    assert not sync(store, folder).changed


def test_a_file_changed_on_both_sides_is_refused_or_settled(store, folder):
    sync(store, folder)
    head = store.content_file("about.md")
    store.save_content("about.md", "store side\n", author="Ann", expected=head.id)
    (folder / "about.md").write_text("disk side\n")
    with pytest.raises(ContentSyncConflict, match="about.md"):
        sync(store, folder, prefer=Prefer.NEITHER)
    assert (folder / "about.md").read_text() == "disk side\n"  # refused: nothing changed
    report = sync(store, folder, prefer=Prefer.STORE)
    assert report.conflicts == ["about.md"]
    assert (folder / "about.md").read_text() == "store side\n"
    (folder / "about.md").write_text("disk again\n")
    store.save_content("about.md", "store again\n", author="Ann",
                       expected=store.content_file("about.md").id)
    sync(store, folder, prefer=Prefer.DISK)
    assert store.content_tree()["about.md"] == "disk again\n"
    assert store.content_file("about.md").author == DISK_AUTHOR


def test_a_new_image_without_the_marker_brings_its_changes_and_keeps_the_edits(store, folder):
    """As a replica of a newer image starts: its files are the new shipped knowledge, and no
    sync ran in its directory yet."""
    sync(store, folder)
    head = store.content_file("about.md")
    store.save_content("about.md", "edited in the console\n", author="Ann", expected=head.id)
    (folder / "roles" / "pay.csv").write_text("id,amount\nmade-up,9\n")  # the upgrade's change
    report = sync(store, folder)
    assert report.saved == ["roles/pay.csv"] and report.written == ["about.md"]
    assert store.content_tree() == {"about.md": "edited in the console\n",
                                    "roles/pay.csv": "id,amount\nmade-up,9\n"}


@pytest.mark.parametrize("path, ok", [
    ("salaries.csv", True), ("roles/data-engineer.md", True), ("profile.yml", True),
    ("../etc/passwd.md", False), ("/abs.md", False), ("README.md", False), (".hidden.md", False),
    ("notes.txt", False), ("a//b.md", False), ("", False), ("_draft.md", False),
])
def test_what_may_name_a_knowledge_file(path, ok):
    assert (path_problem(path) is None) is ok


def test_the_diff_of_two_trees_names_the_files_that_differ():
    changed, diff = tree_diff({"a.md": "x\n", "b.md": "y\n"}, {"a.md": "x\n", "b.md": "z\n",
                                                              "c.md": "new\n"})
    assert changed == ["b.md", "c.md"]
    assert "-y" in diff and "+z" in diff and "+new" in diff and "/dev/null" in diff


def test_line_ends_are_kept_as_the_files_have_them(store, folder):
    """A file saved with Windows line ends is neither rewritten nor saved again by a sync."""
    (folder / "about.md").write_bytes(b"made-up v1\r\nsecond line\r\n")
    sync(store, folder)
    assert store.content_tree()["about.md"] == "made-up v1\r\nsecond line\r\n"
    assert not sync(store, folder).changed
    head = store.content_file("about.md")
    store.save_content("about.md", "edited\r\n", author="Ann", expected=head.id)
    sync(store, folder)
    assert (folder / "about.md").read_bytes() == b"edited\r\n"


@pytest.mark.parametrize("broken", [b"---\ntitle: \xff\xfe\n---\n",  # not UTF-8
                                    b"## A snippet with no front matter\n\nText.\n"])
def test_a_broken_file_at_first_start_leaves_the_service_serving(tmp_path, broken):
    """A knowledge file that is not UTF-8 (or invalid knowledge) when the store is first
    seeded: the sync is skipped with a warning, the service starts and answers from its
    index, and the next build reports the file and line."""
    import shutil

    from api.config import Settings
    from api.dialogue.state import DialogueState
    from api.index.build import build_index
    from api.serve.service import ChatService
    from tests.conftest import KB2, FakeEmbedder

    shutil.copytree(KB2, tmp_path / "kb2")
    build_index(tmp_path / "kb2", tmp_path / "index", FakeEmbedder())
    (tmp_path / "kb2" / "broken.md").write_bytes(broken)
    settings = Settings(knowledge_dir=tmp_path / "kb2", index_dir=tmp_path / "index",
                        database_url=f"sqlite:///{tmp_path / 'chat.db'}")
    service = ChatService(settings, embedder=FakeEmbedder()).warm_up()
    try:
        service.sync_content()  # skipped, or seeded without noting a publish
        answer, _ = service.engine.reply("What does an L3 platform engineer earn?",
                                         DialogueState())
        assert "CHF 98,000" in answer.text
    finally:
        service.close()
