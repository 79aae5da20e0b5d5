"""Build the search index incrementally, and say whether the one in service is up to date.

A build validates the knowledge, re-embeds only the snippets whose content changed (reusing the
vectors of the build in service by content hash), writes a new build directory (`api.index.format`)
and puts it in service (`api.index.lifecycle`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from api.embedding.base import BaseEmbedder
from api.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from api.index.format import (
    FORMAT_VERSION,
    Manifest,
    content_digest,
    metadata_digest,
    metadata_json,
    read_manifest,
    write_build,
)
from api.index.intents import IntentModel
from api.index.intents import train as train_intents
from api.index.lifecycle import (
    activate_locked,
    build_lock,
    current_build,
    load_index,
    remove_leftovers,
    writing,
)
from api.index.vectors import stored_vectors, vector_index
from api.knowledge.loader import load_knowledge
from api.knowledge.model import KnowledgeBase, Snippet


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    path: Path
    embedded: int
    reused: int
    removed: int
    total: int
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"embedded {self.embedded} new/changed, reused {self.reused}, removed {self.removed}"


@dataclass(frozen=True)
class IndexStatus:
    """Whether the index in service matches the knowledge and the model."""

    fresh: bool
    reason: str


def index_status(knowledge_dir: Path, index_dir: Path, space: str,
                 kb: KnowledgeBase | None = None) -> IndexStatus:
    """Say whether the index needs a (re)build, and why; cheap: no model is loaded.
    `kb` is the knowledge of `knowledge_dir` when the caller has loaded it already.

    Raises:
        KnowledgeError: when the knowledge itself is invalid.
    """
    kb = kb or load_knowledge(knowledge_dir)
    try:
        manifest = read_manifest(current_build(index_dir))
    except (IndexMissingError, IndexCorruptError) as exc:
        return IndexStatus(False, str(exc))
    if manifest.format_version != FORMAT_VERSION:
        return IndexStatus(False, f"index format {manifest.format_version} is outdated")
    if manifest.vector_space != space:
        return IndexStatus(False, f"index was built with model '{manifest.vector_space}'")
    if manifest.content_digest != content_digest(kb):
        return IndexStatus(False, "the knowledge changed since the last build")
    return IndexStatus(True, f"index is up to date (built {manifest.built_at})")


# --- Building -------------------------------------------------------------------------------


def _previous_vectors(index_dir: Path, space: str
                      ) -> tuple[dict[str, np.ndarray], set[str], IntentModel | None]:
    """Vectors of the build in service by snippet content hash (one matrix per snippet), its
    snippet ids and its intent classifier; empty when there is none or it cannot be reused."""
    try:
        previous = load_index(index_dir)
    except (IndexMissingError, IndexCorruptError, IndexMismatchError):
        return {}, set(), None
    ids = set(previous.manifest.snippet_hashes)
    if previous.vector_space != space:
        return {}, ids, None
    matrix = stored_vectors(previous.vectors)
    bounds = np.searchsorted(previous.rows, np.arange(len(previous.snippets) + 1))
    # The hashes the vectors were made from, as the manifest recorded them in row order (the
    # load checked that order): not hashed again from the snippets, which at 10,000 snippets
    # is a sixth of a one-snippet rebuild.
    hashes = previous.manifest.snippet_hashes.values()
    by_hash = {  # copies: the view dies with `previous`
        digest: matrix[bounds[i] : bounds[i + 1]].copy() for i, digest in enumerate(hashes)
    }
    return by_hash, ids, previous.intents


def build_index(
    knowledge_dir: Path,
    index_dir: Path,
    embedder: BaseEmbedder,
    *,
    progress: bool = False,
    force: bool = False,
    activate: bool = True,
) -> BuildReport:
    """Validate the knowledge, embed what changed, and swap the new index into service.

    `embedder` may be unloaded: it is loaded only when something needs embedding. `force`
    re-embeds every snippet instead of reusing stored vectors. With `activate=False` the build
    is written but not put in service; `activate_build(report.path)` does that later.

    Raises:
        KnowledgeError: the knowledge is invalid; nothing on disk was touched.
    """
    started = time.perf_counter()
    kb = load_knowledge(knowledge_dir)  # validate before touching anything
    index_dir = Path(index_dir)
    with build_lock(index_dir), writing(index_dir):
        remove_leftovers(index_dir)
        reusable, previous_ids, previous_intents = _previous_vectors(index_dir,
                                                                     embedder.vector_space)
        if force:
            reusable, previous_intents = {}, None
        missing = [s for s in kb.snippets if s.content_hash not in reusable]
        if missing:
            _embed_missing(missing, reusable, embedder, progress=progress)
        matrix = np.vstack([reusable[s.content_hash] for s in kb.snippets]).astype(np.float32)
        dimension = int(matrix.shape[1])
        vectors, search = vector_index(matrix)
        metadata = metadata_json(kb)
        current_ids = {s.id for s in kb.snippets}
        manifest = _manifest(kb, embedder, dimension, search, metadata,
                             embedded=len(missing), removed=len(previous_ids - current_ids))
        classifier = _classifier(kb, embedder, previous_intents)
        build = write_build(index_dir, manifest, vectors, metadata, classifier)
        if activate:
            activate_locked(build)
    return _report(build, manifest, kb, started)


def _classifier(kb: KnowledgeBase, embedder: BaseEmbedder,
                previous: IntentModel | None) -> IntentModel | None:
    """The build's intent classifier: the previous build's when it learnt from the same intents
    (no model loaded), else one trained now."""
    if kb.intents is None:
        return None
    if previous is not None and previous.digest == kb.intents.digest():
        return previous
    embedder.load()
    return train_intents(kb.intents, embedder)


def _embed_missing(missing: list[Snippet], reusable: dict[str, np.ndarray],
                   embedder: BaseEmbedder, *, progress: bool) -> None:
    """Embed the snippets with no vectors to reuse, adding theirs to `reusable` by content hash."""
    embedder.load()
    texts = [t for s in missing for t in s.embedding_texts]
    fresh = embedder.encode(texts, progress=progress)
    start = 0
    for snippet in missing:
        end = start + len(snippet.embedding_texts)
        reusable[snippet.content_hash] = fresh[start:end]
        start = end


def _manifest(kb: KnowledgeBase, embedder: BaseEmbedder, dimension: int, search: str,
              metadata: str, *, embedded: int, removed: int) -> Manifest:
    """The manifest of a build of `kb`: its model, search kind, digest, counts and hashes."""
    return Manifest(
        format_version=FORMAT_VERSION,
        model_id=embedder.model_id,
        backend=embedder.backend or "unknown",
        search=search,
        dimension=dimension,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        content_digest=metadata_digest(metadata),
        counts={
            "snippets": len(kb.snippets),
            "salaries": len(kb.salaries),
            "embedded": embedded,
            "reused": len(kb.snippets) - embedded,
            "removed": removed,
        },
        snippet_hashes={s.id: s.content_hash for s in kb.snippets},
    )


def _report(build: Path, manifest: Manifest, kb: KnowledgeBase, started: float) -> BuildReport:
    """What the build of `kb` into `build`, begun at `started` (perf_counter), did."""
    return BuildReport(
        path=build,
        embedded=manifest.counts["embedded"],
        reused=manifest.counts["reused"],
        removed=manifest.counts["removed"],
        total=len(kb.snippets),
        seconds=time.perf_counter() - started,
        warnings=[str(w) for w in kb.warnings],
    )
