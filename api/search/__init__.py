"""Finding snippets: the lexicon and hybrid retrieval.

Owns reading a query into the knowledge's own words (`lexicon`: typos, synonyms, names) and the
retriever (dense FAISS + BM25, fused, with the relevance decision) over one loaded index. May
import `api.index`, `api.embedding`, `api.knowledge`, `api.text` and the base modules.
"""
