"""Answering: salary reasoning, composing and wording replies, hiring kits.

Owns salary lookup and reasoning over the records (`salaries`), the wording of every reply
sentence (`wording`), composing an `Answer` from results (`compose`) and the hiring kits drafted
from the knowledge (`kit`, `kit_lines`). May import `api.understand`, `api.search`,
`api.knowledge`, `api.text`; nothing about conversations, storage or HTTP.
"""
