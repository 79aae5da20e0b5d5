"""The conversation: one turn at a time, read against what came before.

Owns the `Engine` (`engine`: the index, domain, lexicon, retriever and conversation opened from
one build), a turn (`conversation`), the state a session keeps (`state`), a retrieval read in
the conversation's context (`context`), salary follow-ups and corrections (`salary_turns`) and
kits across turns (`kit_chat`). May import every layer below it (`api.answer` down); not the
store or HTTP.
"""
