"""The on-disk format of the index: what a build directory holds, and writing and loading one.

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

This module owns a build directory: its files, its manifest, writing it whole before it appears
and loading it with its checks. `api.index.lifecycle` owns the pointers, the candidate, the lock
and the removal of leftovers.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from api.embedding.models import vector_space
from api.errors import IndexCorruptError, IndexMismatchError
from api.index.intents import INTENTS, IntentModel
from api.index.vectors import vector_rows
from api.knowledge.company import CompanyContent
from api.knowledge.model import Check, KnowledgeBase, Snippet
from api.knowledge.phrasings import Phrasings
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
METADATA = "knowledge.json"
REBUILD_HINT = "run `hiring-advisor build-index` to build it"


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
    intents: IntentModel | None = None  # the build's intent classifier, when it has intents
    company: CompanyContent = field(default_factory=CompanyContent)  # bands, zones, rules
    # Lines for the hiring kits only (`kind: kit` files): no vectors, never searched.
    kit_snippets: list[Snippet] = field(default_factory=list)
    phrasings: Phrasings | None = None  # how people say what a message does

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


def content_digest(kb: KnowledgeBase) -> str:
    """Hash of everything an index is built from (not of file bytes: comments don't count)."""
    return metadata_digest(metadata_json(kb))


def metadata_digest(metadata: str) -> str:
    """Hash of a build's metadata JSON (from `metadata_json`): its content digest."""
    return hashlib.sha256(metadata.encode("utf-8")).hexdigest()


def metadata_json(kb: KnowledgeBase) -> str:
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
        "intents": kb.intents.to_dict() if kb.intents is not None else None,
        # Only when there is some, so that a knowledge base without it keeps its digest.
        **({"company": kb.company.to_dict()} if kb.company else {}),
        **({"kit_snippets": [s.to_dict() for s in kb.kit_snippets]} if kb.kit_snippets else {}),
        **({"phrasings": kb.phrasings.to_dict()} if kb.phrasings is not None else {}),
    }


# --- Loading --------------------------------------------------------------------------------


def read_manifest(build: Path) -> Manifest:
    """The manifest of one build directory; `IndexCorruptError` when it is unreadable."""
    try:
        return Manifest.from_dict(json.loads((build / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(
            f"index manifest {build / MANIFEST} is unreadable ({exc}); {REBUILD_HINT} again"
        ) from exc


def load_build(build: Path, *, space: str | None = None) -> SearchIndex:
    """Load one specific build directory (in service or not)."""
    return load_checked(build, space=space, dimension=None)


def load_checked(build: Path, *, space: str | None, dimension: int | None) -> SearchIndex:
    """Load one build directory, checking its format and, when given, that it fits the
    model (`space`, `dimension`)."""
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
        company = CompanyContent.from_dict(meta.get("company"))
        kit_snippets = [Snippet.from_dict(s) for s in meta.get("kit_snippets", ())]
        phrasings = Phrasings.from_dict(meta.get("phrasings"))
        classifier = IntentModel.from_dict(json.loads((build / INTENTS).read_text(
            encoding="utf-8"))) if (build / INTENTS).is_file() else None
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
                       checks, classifier, company, kit_snippets, phrasings)


# --- Writing --------------------------------------------------------------------------------


def write_build(index_dir: Path, manifest: Manifest, index: faiss.Index, metadata: str,
                classifier: IntentModel | None = None) -> Path:
    """Write a complete build directory beside the others (under a temporary name, renamed
    when whole) and return its path; it is not put in service."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"build-{stamp}-{secrets.token_hex(3)}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        _write_vectors(tmp / VECTORS, index)
        _write_text(tmp / METADATA, metadata)
        if classifier is not None:
            write_json(tmp / INTENTS, classifier.to_dict())
        write_json(tmp / MANIFEST, manifest.to_dict())  # written last: marks the build complete
        fsync_dir(tmp)
        os.rename(tmp, index_dir / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return index_dir / name


def fsync_dir(path: Path) -> None:
    """Sync a directory, so the names created or renamed in it survive a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_vectors(path: Path, index: faiss.Index) -> None:
    """Write the FAISS index to `path` and sync it: serialised in memory and written here, so
    a full or failing disk raises `OSError` like every other write (`faiss.write_index` raises a
    `RuntimeError` that carries the errno only in its message)."""
    with open(path, "wb") as handle:
        handle.write(faiss.serialize_index(index).data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_text(path: Path, text: str) -> None:
    """Write `text` to `path` and sync it to disk."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_json(path: Path, data: Any) -> None:
    """Write `data` to `path` as JSON and sync it to disk."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
