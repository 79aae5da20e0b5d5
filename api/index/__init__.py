"""The built index on disk: FAISS vectors, snippet metadata and manifest.

Owns the on-disk format (`format`), FAISS helpers (`vectors`), the incremental build (`build`)
and the build lifecycle: CURRENT, PREVIOUS and the candidate, swapped atomically under a lock
(`lifecycle`). May import `api.knowledge`, `api.embedding`, `api.text` and the base modules.
"""
