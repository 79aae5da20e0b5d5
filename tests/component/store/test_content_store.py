"""The knowledge as revisions in the store (api.store.content): seeded once, saved on a known
revision, never overwritten silently (also by 50 saves at once), reverted, logged, and the
documents imported kept as uploaded.

Each test runs on SQLite here and again on PostgreSQL in
tests/system/postgresql/test_content_store.py. The texts are made up for the tests.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from api.store.content import SEED_AUTHOR, ContentConflict, UnknownRevision
from api.store.repository import Store

SHIPPED = {"about.md": "made-up topic v1\n", "pay.csv": "id,amount\nmade-up,1\n"}


@pytest.fixture
def store(database_url) -> Store:
    s = Store(database_url, session_ttl=timedelta(hours=1), max_turns=3)
    yield s
    s.close()


def test_the_shipped_knowledge_seeds_an_empty_store_once(store):
    assert store.content_head() == 0 and store.content_tree() == {}
    assert store.seed_content(SHIPPED) is True
    assert store.content_tree() == SHIPPED
    head = store.content_file("about.md")
    store.save_content("about.md", "edited\n", author="Ann", expected=head.id)
    assert store.seed_content({**SHIPPED, "new.md": "upgrade\n"}) is False  # never overwrites
    assert store.content_tree() == {**SHIPPED, "about.md": "edited\n"}
    assert {r.author for r in store.content_log() if r.kind == "seed"} == {SEED_AUTHOR}


def test_a_save_on_an_old_revision_is_a_conflict_naming_the_latest(store):
    store.seed_content(SHIPPED)
    read = store.content_file("pay.csv")
    mine = store.save_content("pay.csv", "id,amount\nmade-up,2\n", author="Ann", expected=read.id,
                              message="new survey")
    assert (mine.parent, mine.author, mine.message, mine.kind) == (read.id, "Ann", "new survey",
                                                                   "edit")
    with pytest.raises(ContentConflict) as conflict:
        store.save_content("pay.csv", "id,amount\nmade-up,3\n", author="Bob", expected=read.id)
    assert conflict.value.current.id == mine.id and conflict.value.current.author == "Ann"
    assert store.content_tree()["pay.csv"] == "id,amount\nmade-up,2\n"
    with pytest.raises(ContentConflict):  # a "new" file that exists
        store.save_content("about.md", "x", author="Bob", expected=0)


def test_deleting_reverting_and_making_a_file_again(store):
    store.seed_content(SHIPPED)
    gone = store.save_content("about.md", None, author="Ann", expected=1, kind="delete")
    assert "about.md" not in store.content_tree()
    assert store.content_file("about.md").body is None
    back = store.revert_content(gone.id, author="Pat")
    assert (back.body, back.kind, back.author) == ("made-up topic v1\n", "revert", "Pat")
    assert "Revert r" in back.message
    made = store.save_content("extra.md", "new\n", author="Ann", expected=0)
    undone = store.revert_content(made.id, author="Pat")
    assert undone.body is None and "extra.md" not in store.content_tree()
    with pytest.raises(UnknownRevision):
        store.revert_content(999, author="Pat")


def test_the_knowledge_at_a_revision_and_the_log(store):
    store.seed_content(SHIPPED)
    first = store.content_head()
    store.save_content("about.md", "v2\n", author="Ann", expected=1)
    store.save_content("about.md", "v3\n", author="Bob", expected=store.content_head())
    assert store.content_tree(first) == SHIPPED
    assert store.content_tree()["about.md"] == "v3\n"
    log = store.content_log("about.md")
    assert [r.author for r in log] == ["Bob", "Ann", SEED_AUTHOR]
    assert [r.id for r in store.content_log(limit=2)] == [log[0].id, log[1].id]
    assert store.content_log(before=log[1].id, limit=5)[0].id < log[1].id


def test_fifty_concurrent_saves_lose_no_revision(store):
    """50 saves on the same revision: one wins, 49 get the conflict; 50 saves of different
    files: all 50 are kept. Either way every save that succeeded is in the log."""
    store.seed_content(SHIPPED)
    base = store.content_file("about.md").id
    won: list[int] = []
    conflicts: list[ContentConflict] = []
    start = threading.Barrier(50)

    def save(i: int, path: str, expected: int) -> None:
        start.wait()
        try:
            won.append(store.save_content(path, f"text {i}\n", author=f"editor {i}",
                                          expected=expected).id)
        except ContentConflict as exc:
            conflicts.append(exc)

    for targets in ([("about.md", base)] * 50, [(f"file-{i}.md", 0) for i in range(50)]):
        won.clear()
        conflicts.clear()
        threads = [threading.Thread(target=save, args=(i, p, e))
                   for i, (p, e) in enumerate(targets)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected_wins = 1 if len({p for p, _ in targets}) == 1 else 50
        assert (len(won), len(conflicts)) == (expected_wins, 50 - expected_wins)
        logged = {r.id for r in store.content_log(limit=500)}
        assert set(won) <= logged
    assert len(store.content_log("about.md")) == 2  # the seed and the one winner


def test_documents_imported_and_publishes_are_kept(store):
    store.seed_content(SHIPPED)
    original = store.keep_original("guide.pdf", "application/pdf", b"%PDF-made-up", "Ann")
    rev = store.save_content("guide.md", "from the guide\n", author="Ann", expected=0,
                             kind="import", original_id=original)
    assert rev.original_id == original
    kept = store.content_original(original)
    assert (kept.filename, kept.media_type, kept.data) == ("guide.pdf", "application/pdf",
                                                           b"%PDF-made-up")
    assert store.last_publish() is None
    store.record_publish(rev.id, "build-1", "Pat")
    published = store.last_publish()
    assert (published.revision, published.build, published.author) == (rev.id, "build-1", "Pat")
    with pytest.raises(UnknownRevision):
        store.content_original(original + 1)
