"""Build, check and load the search index: FAISS vectors + snippet metadata + manifest.

On disk (`index/`):

    CURRENT                  name of the build in service (replaced atomically)
    PREVIOUS                 name of the build in service before it (kept for its readers,
                             and to roll back to)
    candidate.json           a build checked but not published, and how its checks went
                             (kept until it is published, replaced or discarded)
    history.jsonl            what was published, refused or rolled back, when, by whom
    build-<time>-<rand>/     one complete build: manifest.json, vectors.faiss, knowledge.json
    .tmp-*/                  a build in progress (removed when it fails or by the next build)
    .lock                    serialises builders

A build writes a new directory beside the old one and then swaps `CURRENT`, so a build that fails
or is killed half-way leaves the previous index in service and loadable.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from api.embedding.encoders import BaseEmbedder, vector_space
from api.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexWriteError,
)
from api.knowledge.loader import load_knowledge
from api.knowledge.model import Check, KnowledgeBase, Snippet
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord

FORMAT_VERSION = 2
CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"  # the build in service before the current one (kept for its readers)
# A build that was never in service is a leftover once this old: a build being checked before
# it is published is younger. One that was in service goes as soon as two newer ones have been.
LEFTOVER_AGE = 600.0  # seconds
SERVED = ".served"  # marks a build that has been in service
CANDIDATE = "candidate.json"  # names the build checked but not (yet) published, and its verdict
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
METADATA = "knowledge.json"
REBUILD_HINT = "run `hiring-advisor build-index` to build it"
# From this many vectors on, search is approximate. A single query against every vector costs
# time in proportion to the knowledge (about 0.3 ms at 10,000 vectors here, 6.5 ms at 100,000:
# memory-bound). Above the threshold, vectors are also kept as product-quantisation codes (FAISS
# fast scan, 4 bits per 2 dimensions, a sixteenth of the floats); a search scans the codes for
# the best `RERANK` candidates and scores those exactly with the float vectors, which stay in
# the index. Measured on 100,000 synthetic snippets (`make bench-large`): recall@10 against
# exact search 0.9986 with 150 candidates (0.999 with 200, 0.997 with 100), in about 0.45 ms.
# Graph (HNSW) and inverted-list (IVF) indexes were measured too and needed more time for less
# recall on these vectors.
APPROXIMATE_FROM = 20_000
RERANK = 150
PQ_DIMS_PER_CODE = 2
PQ_BITS = 4


@dataclass(frozen=True)
class Manifest:
    """What an index holds and how it was made."""

    format_version: int
    model_id: str
    dimension: int
    built_at: str
    content_digest: str
    counts: dict[str, int]
    snippet_hashes: dict[str, str]  # id -> content hash, in vector row order
    backend: str = "torch"  # how the vectors were computed (builds before ONNX: torch)
    search: str = "flat"  # the FAISS index kind: "flat" (exact) or "hnsw" (approximate)

    @property
    def vector_space(self) -> str:
        """Which vectors these are: queries must be embedded into the same space."""
        return vector_space(self.model_id, self.backend)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "model": {"id": self.model_id, "dimension": self.dimension,
                      "backend": self.backend},
            "search": self.search,
            "built_at": self.built_at,
            "content_digest": self.content_digest,
            "counts": self.counts,
            "snippets": self.snippet_hashes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            format_version=int(data["format_version"]),
            model_id=str(data["model"]["id"]),
            dimension=int(data["model"]["dimension"]),
            backend=str(data["model"].get("backend", "torch")),
            search=str(data.get("search", "flat")),
            built_at=str(data["built_at"]),
            content_digest=str(data["content_digest"]),
            counts={k: int(v) for k, v in data["counts"].items()},
            snippet_hashes={str(k): str(v) for k, v in data["snippets"].items()},
        )


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """The float vectors held by an index (exact, or approximate with its exact copy), as a
    read-only (rows, d) view (no copy).

    The view is valid only while `index` lives: keep the index, or copy what you keep."""
    flat = faiss.downcast_index(index.refine_index) if isinstance(index, faiss.IndexRefine) \
        else index
    if not isinstance(flat, faiss.IndexFlat):  # another kind (an older build): a copy
        return flat.reconstruct_n(0, flat.ntotal)
    data = flat.get_xb()  # type: ignore[attr-defined]  # untyped in the stubs
    view = faiss.rev_swig_ptr(data, flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)
    view.flags.writeable = False
    return view


def vector_index(matrix: np.ndarray, *, approximate: bool | None = None) -> tuple[faiss.Index, str]:
    """A FAISS inner-product index over `matrix` (unit rows) and its kind: exact ("flat")
    below `APPROXIMATE_FROM` vectors, codes with exact re-scoring ("pq-refine") from there."""
    if approximate is None:
        approximate = len(matrix) >= APPROXIMATE_FROM
    dimension = matrix.shape[1]
    if not approximate:
        flat = faiss.IndexFlatIP(dimension)
        flat.add(matrix)
        return flat, "flat"
    codes = max(m for m in range(1, dimension // PQ_DIMS_PER_CODE + 1) if dimension % m == 0)
    base = faiss.IndexPQFastScan(dimension, codes, PQ_BITS, faiss.METRIC_INNER_PRODUCT)
    base.train(matrix)
    index = faiss.IndexRefineFlat(base)
    index.add(matrix)
    return index, "pq-refine"


def search_vectors(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """The rows of the `k` vectors nearest to `vector`, best first (exact scores decide)."""
    candidates = candidate_rows(index, vector, k)
    if not isinstance(index, faiss.IndexRefine):
        return candidates
    scores = stored_vectors(index)[candidates] @ vector
    best = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
    return candidates[best[np.argsort(-scores[best], kind="stable")]]


def candidate_rows(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """Rows that hold the `k` vectors nearest to `vector`, for a caller that scores them
    exactly itself: an exact index's best `k`; an approximate one's best `max(k, RERANK)` by
    its codes, in no particular order (what `search_vectors` would re-score)."""
    if not isinstance(index, faiss.IndexRefine):
        _, rows = index.search(vector.reshape(1, -1), k)
    else:
        _, rows = index.base_index.search(vector.reshape(1, -1), max(k, RERANK))
    return rows[0][rows[0] >= 0]


def vector_rows(snippets: list[Snippet]) -> np.ndarray:
    """For each vector row, the index of the snippet it belongs to (rows are grouped in order)."""
    counts = [len(s.embedding_texts) for s in snippets]
    return np.repeat(np.arange(len(snippets)), counts)


@dataclass
class SearchIndex:
    """A loaded index: vectors in FAISS, with the snippets and salary records they stand for.

    A snippet has one vector per entry of `Snippet.embedding_texts`; `rows[i]` is the snippet
    that vector row i belongs to.
    """

    path: Path
    manifest: Manifest
    snippets: list[Snippet]
    salaries: dict[str, SalaryRecord]
    synonyms: dict[str, tuple[str, ...]]
    vectors: faiss.Index
    rows: np.ndarray
    profile: Profile
    checks: list[Check]

    @property
    def model_id(self) -> str:
        return self.manifest.model_id

    @property
    def vector_space(self) -> str:
        return self.manifest.vector_space

    @property
    def dimension(self) -> int:
        return self.manifest.dimension

    def snippet(self, snippet_id: str) -> Snippet | None:
        return self._by_id.get(snippet_id)

    @property
    def _by_id(self) -> dict[str, Snippet]:
        cached = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = self.__dict__["_by_id_cache"] = {s.id: s for s in self.snippets}
        return cached


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


def content_digest(kb: KnowledgeBase) -> str:
    """Hash of everything an index is built from (not of file bytes: comments don't count)."""
    return _digest(_metadata_json(kb))


def _digest(metadata: str) -> str:
    return hashlib.sha256(metadata.encode("utf-8")).hexdigest()


def _metadata_json(kb: KnowledgeBase) -> str:
    """What a build stores beside its vectors, as canonical JSON (also what is hashed)."""
    return json.dumps(_metadata_payload(kb), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def _metadata_payload(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "snippets": [s.to_dict() for s in kb.snippets],
        "salaries": [r.to_dict() for r in kb.salaries],
        "synonyms": {k: list(v) for k, v in kb.synonyms.items()},
        "profile": kb.profile.to_dict(),
        "checks": [c.to_dict() for c in kb.checks],
    }


# --- Locating and loading -------------------------------------------------------------------


def current_build(index_dir: Path) -> Path:
    """The build directory in service.

    Raises:
        IndexMissingError: when nothing has been built at `index_dir`.
    """
    pointer = Path(index_dir) / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index found in {index_dir}/; {REBUILD_HINT}") from None
    build = Path(index_dir) / name
    if not name or "/" in name or not build.is_dir():
        raise IndexCorruptError(
            f"{pointer} names a build that does not exist ('{name}'); {REBUILD_HINT} again"
        )
    return build


def read_manifest(build: Path) -> Manifest:
    try:
        return Manifest.from_dict(json.loads((build / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(
            f"index manifest {build / MANIFEST} is unreadable ({exc}); {REBUILD_HINT} again"
        ) from exc


def load_index(
    index_dir: Path, *, space: str | None = None, dimension: int | None = None
) -> SearchIndex:
    """Load the index in service and check it fits the configured model.

    Raises:
        IndexMissingError: nothing built yet.
        IndexCorruptError: files missing or unreadable.
        IndexMismatchError: built with another model, dimension or format.
    """
    return _load(current_build(index_dir), space=space, dimension=dimension)


def _load(build: Path, *, space: str | None, dimension: int | None) -> SearchIndex:
    index_dir = build.parent
    manifest = read_manifest(build)
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index in {index_dir}/ has format {manifest.format_version}, this version reads "
            f"format {FORMAT_VERSION}; {REBUILD_HINT} again"
        )
    if space is not None and manifest.vector_space != space:
        raise IndexMismatchError(
            f"index in {index_dir}/ was built with model '{manifest.vector_space}' but the "
            f"configured model is '{space}' (HIRING_ADVISOR_MODEL, HIRING_ADVISOR_EMBED_BACKEND"
            f"); {REBUILD_HINT} again"
        )
    if dimension is not None and manifest.dimension != dimension:
        raise IndexMismatchError(
            f"index in {index_dir}/ holds {manifest.dimension}-d vectors but the model makes "
            f"{dimension}-d ones; {REBUILD_HINT} again"
        )
    try:
        vectors = faiss.read_index(str(build / VECTORS))
        meta = json.loads((build / METADATA).read_text(encoding="utf-8"))
        snippets = [Snippet.from_dict(s) for s in meta["snippets"]]
        salaries = {r["id"]: SalaryRecord.from_dict(r) for r in meta["salaries"]}
        synonyms = {k: tuple(v) for k, v in meta["synonyms"].items()}
        profile = Profile.from_dict(meta["profile"])
        checks = [Check.from_dict(c) for c in meta["checks"]]
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(
            f"index in {build} is unreadable ({exc}); {REBUILD_HINT} again"
        ) from exc
    ids = [s.id for s in snippets]
    rows = vector_rows(snippets)
    if (
        vectors.ntotal != len(rows)
        or vectors.d != manifest.dimension
        or ids != list(manifest.snippet_hashes)
    ):
        raise IndexCorruptError(
            f"index in {build} is inconsistent ({vectors.ntotal} vectors, {len(snippets)} "
            f"snippets, {len(manifest.snippet_hashes)} in manifest); {REBUILD_HINT} again"
        )
    return SearchIndex(build, manifest, snippets, salaries, synonyms, vectors, rows, profile,
                       checks)


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


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock so two builders never interleave their swaps.

    Raises:
        IndexWriteError: the index directory cannot be created or written.
    """
    with writing(index_dir):
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "a+")  # noqa: SIM115 - held for the whole block
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def writing(index_dir: Path) -> Iterator[None]:
    """Turn a failure to write the index directory into one clear `IndexWriteError`."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise IndexWriteError(
            f"cannot write the index directory {index_dir}/: {reason}. Check that it exists or "
            "can be created, that this user may write to it, and that the disk has room; the "
            "index in service is unchanged") from exc


def _previous_vectors(index_dir: Path, space: str) -> tuple[dict[str, np.ndarray], set[str]]:
    """Vectors of the build in service by snippet content hash (one matrix per snippet), and its
    snippet ids; empty when there is none or it cannot be reused."""
    try:
        previous = load_index(index_dir)
    except (IndexMissingError, IndexCorruptError, IndexMismatchError):
        return {}, set()
    ids = set(previous.manifest.snippet_hashes)
    if previous.vector_space != space:
        return {}, ids
    matrix = stored_vectors(previous.vectors)
    bounds = np.searchsorted(previous.rows, np.arange(len(previous.snippets) + 1))
    # The hashes the vectors were made from, as the manifest recorded them in row order (the
    # load checked that order): not hashed again from the snippets, which at 10,000 snippets
    # is a sixth of a one-snippet rebuild.
    hashes = previous.manifest.snippet_hashes.values()
    by_hash = {  # copies: the view dies with `previous`
        digest: matrix[bounds[i] : bounds[i + 1]].copy() for i, digest in enumerate(hashes)
    }
    return by_hash, ids


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())


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
        _remove_leftovers(index_dir)
        reusable, previous_ids = _previous_vectors(index_dir, embedder.vector_space)
        if force:
            reusable = {}
        missing = [s for s in kb.snippets if s.content_hash not in reusable]
        if missing:
            embedder.load()
            texts = [t for s in missing for t in s.embedding_texts]
            fresh = embedder.encode(texts, progress=progress)
            start = 0
            for snippet in missing:
                end = start + len(snippet.embedding_texts)
                reusable[snippet.content_hash] = fresh[start:end]
                start = end
        matrix = np.vstack([reusable[s.content_hash] for s in kb.snippets]).astype(np.float32)
        dimension = int(matrix.shape[1])
        vectors, search = vector_index(matrix)
        metadata = _metadata_json(kb)
        current_ids = {s.id for s in kb.snippets}
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=embedder.model_id,
            backend=embedder.backend or "unknown",
            search=search,
            dimension=dimension,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            content_digest=_digest(metadata),
            counts={
                "snippets": len(kb.snippets),
                "salaries": len(kb.salaries),
                "embedded": len(missing),
                "reused": len(kb.snippets) - len(missing),
                "removed": len(previous_ids - current_ids),
            },
            snippet_hashes={s.id: s.content_hash for s in kb.snippets},
        )
        build = _write_build(index_dir, manifest, vectors, metadata)
        if activate:
            _activate(build)
    return BuildReport(
        path=build,
        embedded=manifest.counts["embedded"],
        reused=manifest.counts["reused"],
        removed=manifest.counts["removed"],
        total=len(kb.snippets),
        seconds=time.perf_counter() - started,
        warnings=[str(w) for w in kb.warnings],
    )


def _write_build(index_dir: Path, manifest: Manifest, index: faiss.Index, metadata: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"build-{stamp}-{secrets.token_hex(3)}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        faiss.write_index(index, str(tmp / VECTORS))
        _write_text(tmp / METADATA, metadata)
        _write_json(tmp / MANIFEST, manifest.to_dict())  # written last: marks the build complete
        _fsync_dir(tmp)
        os.rename(tmp, index_dir / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return index_dir / name


def activate_build(build: Path) -> None:
    """Put a complete build (from `build_index(..., activate=False)`) into service."""
    build = Path(build)
    if not (build / MANIFEST).is_file():
        raise IndexMissingError(f"{build} is not a complete build; {REBUILD_HINT}")
    with build_lock(build.parent), writing(build.parent):
        _activate(build)


def _activate(build: Path) -> None:
    index_dir = build.parent
    serving = _pointer(index_dir, CURRENT)
    if serving and serving != build.name:
        _write_pointer(index_dir, PREVIOUS, serving)
    (build / SERVED).touch()
    _write_pointer(index_dir, CURRENT, build.name)  # the atomic swap
    # A candidate was checked against the build in service until now: its verdict is void.
    (index_dir / CANDIDATE).unlink(missing_ok=True)
    _remove_leftovers(index_dir)


def previous_build(index_dir: Path) -> Path | None:
    """The build that was in service before the current one, when it is still on disk."""
    name = _pointer(Path(index_dir), PREVIOUS)
    build = Path(index_dir) / name
    if not name or "/" in name or not (build / MANIFEST).is_file():
        return None
    return build


def roll_back(index_dir: Path) -> Path:
    """Put the previous build back into service, atomically like a publish; the build it
    replaces becomes the previous one (rolling back twice goes forward again).

    Raises:
        IndexMissingError: there is no previous build to go back to.
        IndexWriteError: the index directory cannot be written; nothing changed.
    """
    index_dir = Path(index_dir)
    with build_lock(index_dir), writing(index_dir):
        build = previous_build(index_dir)
        if build is None:
            raise IndexMissingError(
                f"no previous build in {index_dir}/ to roll back to: one is kept from the "
                "second publish on")
        _activate(build)
    return build


def keep_candidate(build: Path, verdict: dict[str, Any]) -> None:
    """Keep a complete build that was checked but not published, with its checks' `verdict`
    (JSON), as the one candidate: the one it replaces goes, unless it is in service."""
    build = Path(build)
    index_dir = build.parent
    with build_lock(index_dir), writing(index_dir):
        old = read_candidate(index_dir)
        tmp = index_dir / f".{CANDIDATE}.tmp"
        _write_json(tmp, {**verdict, "build": build.name})
        os.replace(tmp, index_dir / CANDIDATE)
        _fsync_dir(index_dir)
        if old is not None and old[0] != build:
            _remove_unused(old[0])


def read_candidate(index_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    """The candidate build and its verdict; None when there is none (or its build is gone)."""
    try:
        data = json.loads((Path(index_dir) / CANDIDATE).read_text(encoding="utf-8"))
        name = str(data["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    build = Path(index_dir) / name
    if "/" in name or not (build / MANIFEST).is_file():
        return None
    return build, data


def discard_candidate(index_dir: Path) -> bool:
    """Delete the candidate build (unless in service); whether there was one."""
    index_dir = Path(index_dir)
    with build_lock(index_dir), writing(index_dir):
        found = read_candidate(index_dir)
        (index_dir / CANDIDATE).unlink(missing_ok=True)
        if found is not None:
            _remove_unused(found[0])
    return found is not None


def _remove_unused(build: Path) -> None:
    """Delete a build unless it is in service or the one before (called holding the lock)."""
    index_dir = build.parent
    if build.name not in {_pointer(index_dir, CURRENT), _pointer(index_dir, PREVIOUS)}:
        shutil.rmtree(build, ignore_errors=True)


def _pointer(index_dir: Path, name: str) -> str:
    try:
        return (index_dir / name).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _write_pointer(index_dir: Path, name: str, build: str) -> None:
    """Point `name` at a build: written beside, then renamed over (atomic), then synced."""
    pointer_tmp = index_dir / f".{name}.tmp"
    pointer_tmp.write_text(build + "\n", encoding="utf-8")
    with open(pointer_tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / name)
    _fsync_dir(index_dir)


def load_build(build: Path, *, space: str | None = None) -> SearchIndex:
    """Load one specific build directory (in service or not)."""
    return _load(build, space=space, dimension=None)


def _remove_leftovers(index_dir: Path) -> None:
    """What killed or refused builds left behind (called holding the lock): builds half
    written, pointers half written, and complete builds never or no longer in service. The
    build in service, the one before it and the candidate are never removed, whatever their
    age."""
    for partial in (*index_dir.glob(".tmp-build-*"), *index_dir.glob(".*.tmp")):
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        else:
            partial.unlink(missing_ok=True)
    keep = {_pointer(index_dir, CURRENT), _pointer(index_dir, PREVIOUS)}
    candidate = read_candidate(index_dir)
    if candidate is not None:
        keep.add(candidate[0].name)
    now = time.time()
    for build in index_dir.glob("build-*"):
        if build.name in keep:
            continue
        if (build / SERVED).exists() or now - build.stat().st_mtime > LEFTOVER_AGE:
            shutil.rmtree(build, ignore_errors=True)
