"""Building, incremental reuse, atomic swap and loading of the index (fake embedder), and an
index of another vector space refused."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from api.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexWriteError,
    KnowledgeError,
)
from api.index import format as index_format
from api.index import lifecycle
from api.index.build import build_index, index_status
from api.index.format import FORMAT_VERSION
from api.index.lifecycle import CURRENT, LEFTOVER_AGE, current_build, load_index
from api.index.vectors import stored_vectors
from tests.conftest import KB2, FakeEmbedder
from tests.support.disk import fill, small_disk, used
from tests.support.overlays import apply_company


def test_build_writes_vectors_metadata_and_manifest(knowledge_copy, tmp_path, fake_embedder):
    out = tmp_path / "index"
    report = build_index(knowledge_copy, out, fake_embedder)
    assert (report.embedded, report.reused, report.removed) == (report.total, 0, 0)
    assert report.summary() == f"embedded {report.total} new/changed, reused 0, removed 0"
    build = current_build(out)
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == {"id": "fake-model", "dimension": 64, "backend": "fake"}
    assert manifest["search"] == "flat"
    assert manifest["counts"]["snippets"] == report.total
    assert manifest["counts"]["salaries"] == 12
    assert len(manifest["snippets"]) == report.total and manifest["built_at"]
    index = load_index(out, space="fake-model", dimension=64)
    assert isinstance(index.vectors, faiss.IndexFlatIP)
    norms = np.linalg.norm(index.vectors.reconstruct_n(0, index.vectors.ntotal), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)
    assert index.vectors.ntotal == sum(len(s.embedding_texts) for s in index.snippets)
    assert index.salaries["ai-engineer-boston"].amount == 166500


def test_rebuild_after_editing_one_snippet_embeds_only_that_one(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    before = load_index(out)
    path = knowledge_copy / "skills.md"
    edited = path.read_text().replace("namely linear algebra", "namely linear algebra (vectors)")
    path.write_text(edited)
    embedder = FakeEmbedder()
    report = build_index(knowledge_copy, out, embedder)
    assert (report.embedded, report.reused, report.removed) == (1, report.total - 1, 0)
    assert embedder.texts == len(load_index(out).snippet("skills/math").embedding_texts)
    after = load_index(out)
    unchanged = before.snippet("role/definition")
    row = list(before.manifest.snippet_hashes).index("role/definition")
    old_vec = before.vectors.reconstruct(int(np.searchsorted(before.rows, row)))
    new_row = list(after.manifest.snippet_hashes).index("role/definition")
    assert after.snippet("role/definition") == unchanged
    assert np.array_equal(old_vec, after.vectors.reconstruct(int(np.searchsorted(after.rows,
                                                                                  new_row))))


class ChurningEmbedder(FakeEmbedder):
    """Allocates and scribbles on memory while embedding, as a real model does: vectors kept
    from the previous build must not live in memory that was freed."""

    def _encode_batch(self, texts):
        for _ in range(20):
            np.full((1 << 20,), 7.0, dtype=np.float32)
        return super()._encode_batch(texts)


def test_reused_vectors_are_those_of_a_full_build(knowledge_copy, tmp_path):
    build_index(knowledge_copy, tmp_path / "index", FakeEmbedder())
    path = knowledge_copy / "skills.md"
    path.write_text(path.read_text().replace("namely linear algebra", "linear algebra"))
    build_index(knowledge_copy, tmp_path / "index", ChurningEmbedder())
    build_index(knowledge_copy, tmp_path / "full", FakeEmbedder())
    reused, full = load_index(tmp_path / "index"), load_index(tmp_path / "full")
    assert np.array_equal(stored_vectors(reused.vectors), stored_vectors(full.vectors))


def test_removed_snippets_are_counted_and_nothing_new_loads_no_model(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    (knowledge_copy / "about.md").unlink()
    embedder = FakeEmbedder()
    report = build_index(knowledge_copy, out, embedder)
    assert (report.embedded, report.removed) == (0, 4)
    assert not embedder.loaded and embedder.batches == 0


def test_force_reembeds_everything(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    report = build_index(knowledge_copy, out, FakeEmbedder(), force=True)
    assert report.embedded == report.total and report.reused == 0


def test_another_model_reuses_nothing(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    report = build_index(knowledge_copy, out, FakeEmbedder(dimension=32, model_id="other"))
    assert report.reused == 0 and load_index(out).dimension == 32


def test_batches_follow_batch_size(knowledge_copy, tmp_path):
    embedder = FakeEmbedder(batch_size=10)
    build_index(knowledge_copy, tmp_path / "index", embedder)
    # Snippets and the intents' examples are encoded in calls of their own: each call's
    # batches are full but its last.
    assert max(embedder.sizes) == 10
    assert sum(1 for size in embedder.sizes if size < 10) <= 2


def test_broken_knowledge_leaves_the_index_untouched(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    served = current_build(out)
    snapshot = {p.name: p.read_bytes() for p in served.iterdir()}
    (knowledge_copy / "skills.md").write_text("no front matter at all\n")
    with pytest.raises(KnowledgeError) as info:
        build_index(knowledge_copy, out, FakeEmbedder())
    assert str(info.value.problems[0]).startswith("knowledge/skills.md:1: missing front matter")
    assert current_build(out) == served
    assert {p.name: p.read_bytes() for p in served.iterdir()} == snapshot


def test_a_crash_half_way_keeps_the_previous_index(knowledge_copy, tmp_path, monkeypatch):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    served = current_build(out)
    (knowledge_copy / "about.md").unlink()

    def dies(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index_format, "write_json", dies)
    with pytest.raises(IndexWriteError, match="cannot write the index directory .*: disk full"):
        build_index(knowledge_copy, out, FakeEmbedder())
    assert current_build(out) == served
    assert load_index(out).snippet("about/source") is not None
    assert not list(out.glob(".tmp-*")), "the failed build's directory is removed"


def test_leftovers_of_a_killed_build_are_cleaned_by_the_next(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    leftover = out / ".tmp-build-19700101T000000-dead00"
    leftover.mkdir()
    (leftover / "vectors.faiss").write_bytes(b"half")
    assert load_index(out).snippets  # a killed build never disturbs the one in service
    build_index(knowledge_copy, out, FakeEmbedder(), force=True)
    assert not leftover.exists()


def test_the_build_in_service_and_the_one_before_are_kept(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    names = [build_index(knowledge_copy, out, FakeEmbedder(), force=True).path.name
             for _ in range(4)]
    assert sorted(b.name for b in out.glob("build-*")) == sorted(names[-2:])
    assert (out / "CURRENT").read_text().strip() == names[-1]
    assert (out / "PREVIOUS").read_text().strip() == names[-2]


def test_leftovers_go_but_never_the_builds_in_use_whatever_their_age(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    first = build_index(knowledge_copy, out, FakeEmbedder()).path
    second = build_index(knowledge_copy, out, FakeEmbedder(), force=True).path
    old = time.time() - 2 * LEFTOVER_AGE
    never_served = build_index(knowledge_copy, out, FakeEmbedder(), activate=False).path
    os.utime(never_served, (old, old))  # killed before it was put in service, long ago
    checking = build_index(knowledge_copy, out, FakeEmbedder(), activate=False).path
    (out / ".CURRENT.tmp").write_text("build-half-written\n")
    for build in (first, second):  # the builds in use are old too
        os.utime(build, (old, old))
    build_index(knowledge_copy, out, FakeEmbedder(), activate=False)
    assert not never_served.exists() and not (out / ".CURRENT.tmp").exists()
    assert checking.exists()  # young: a publish may still be checking it
    assert first.exists() and second.exists()


def test_model_or_dimension_mismatch_says_what_to_run(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    with pytest.raises(IndexMismatchError, match="built with model 'fake-model'.*build-index"):
        load_index(out, space="sentence-transformers/all-MiniLM-L6-v2")
    with pytest.raises(IndexMismatchError, match="64-d vectors.*384-d.*build-index"):
        load_index(out, dimension=384)


@pytest.mark.parametrize("damage", ["truncate-vectors", "bad-manifest", "bad-pointer"])
def test_corrupt_index_says_what_to_run(knowledge_copy, tmp_path, damage):
    out = tmp_path / "index"
    build_index(knowledge_copy, out, FakeEmbedder())
    build = current_build(out)
    if damage == "truncate-vectors":
        data = (build / "vectors.faiss").read_bytes()
        (build / "vectors.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "bad-manifest":
        (build / "manifest.json").write_text("{not json")
    else:
        (out / CURRENT).write_text("build-that-does-not-exist\n")
    with pytest.raises(IndexCorruptError, match="build-index"):
        load_index(out)


def test_status_tells_fresh_from_stale(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    assert not index_status(knowledge_copy, out, "fake-model").fresh
    build_index(knowledge_copy, out, FakeEmbedder())
    assert index_status(knowledge_copy, out, "fake-model").fresh
    assert "model" in index_status(knowledge_copy, out, "other").reason
    path = knowledge_copy / "role.md"
    path.write_text(path.read_text() + "\n## New one\n\nAn AI engineer also does this.\n")
    status = index_status(knowledge_copy, out, "fake-model")
    assert not status.fresh and "knowledge changed" in status.reason


def test_pointer_swap_is_a_single_rename(knowledge_copy, tmp_path, monkeypatch):
    """The build directory is complete before CURRENT moves (os.replace is atomic)."""
    out = tmp_path / "index"
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        target = Path(out / Path(src).read_text().strip())
        seen.append(sorted(p.name for p in target.iterdir()))
        return real_replace(src, dst)

    monkeypatch.setattr(lifecycle.os, "replace", spy)
    build_index(knowledge_copy, out, FakeEmbedder())
    assert seen == [[".served", "intents.json", "knowledge.json", "manifest.json",
                     "vectors.faiss"]]


def test_an_unwritable_index_directory_is_one_clear_error(knowledge_copy, tmp_path):
    (tmp_path / "blocker").write_text("")  # its parent is a file: the directory can never be made
    out = tmp_path / "blocker" / "index"
    with pytest.raises(IndexWriteError, match=r"cannot write the index directory .*index/: "):
        build_index(knowledge_copy, out, FakeEmbedder())


@pytest.mark.parametrize("left", [0.0, 0.3, 0.6, 0.9])
def test_a_disk_that_fills_up_during_a_build_is_one_clear_error(knowledge_copy, tmp_path, left):
    """A real full disk (a small tmpfs) part-way through writing a build, at several points:
    FAISS's own write, the metadata, the manifest. Each is the one `IndexWriteError`, the
    build in service stays in service and loads, and nothing is left half-written."""
    with small_disk(tmp_path / "disk", 8 * 1024 * 1024) as out:
        build_index(knowledge_copy, out, FakeEmbedder())
        served = current_build(out)
        size = used(served)
        fill(out, int(size * left))
        with pytest.raises(IndexWriteError, match=r"cannot write the index directory .*: No "
                           r"space left on device\. .*the index in service is unchanged"):
            build_index(knowledge_copy, out, FakeEmbedder(), force=True)
        assert current_build(out) == served
        assert load_index(out).manifest.counts["snippets"] > 0
        assert not [p.name for p in out.iterdir() if p.name.startswith(".tmp-")]


def test_an_index_of_another_vector_space_is_stale_and_refused(tmp_path):
    out = tmp_path / "index"
    build_index(KB2, out, FakeEmbedder())
    manifest = json.loads(next(out.glob("build-*/manifest.json")).read_text())
    assert manifest["model"]["backend"] == "fake" and manifest["search"] == "flat"
    int8 = FakeEmbedder()
    int8.backend = "onnx-int8"
    assert not index_status(KB2, out, int8.vector_space).fresh
    with pytest.raises(IndexMismatchError, match="int8"):
        load_index(out, space=int8.vector_space)
    assert index_status(KB2, out, FakeEmbedder().vector_space).fresh


def test_lines_written_for_kits_are_kept_but_never_embedded(kb2_copy, tmp_path):
    out = tmp_path / "index"
    report = build_index(apply_company(kb2_copy), out, FakeEmbedder())
    index = load_index(out, space="fake-model", dimension=64)
    kit_ids = {"platform-engineer/post-about", "platform-engineer/post-duties"}
    assert {s.id for s in index.kit_snippets} == kit_ids
    assert not kit_ids & {s.id for s in index.snippets}
    assert report.total == len(index.snippets)
    assert index.vectors.ntotal == sum(len(s.embedding_texts) for s in index.snippets)
    assert index.company.company is not None and index.company.company.name == "Alpkraft"
