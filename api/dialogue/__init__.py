"""The conversation: one turn at a time, read against what came before.

Owns the dialogue state a session keeps, follow-ups and corrections, kits across turns
(`kit_chat`) and the `Engine`: the index, domain, lexicon, retriever and conversation opened
from one build. May import every layer below it (`api.answer` down); not the store or HTTP.
"""
