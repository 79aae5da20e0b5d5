"""Answering: salary reasoning, composing and wording replies, hiring kits.

Owns salary lookup and reasoning over the records (`salaries`), the wording of every reply
sentence (`wording`), composing an `Answer` from results (`compose`, with the named kinds and
refusal reasons) and the hiring kits drafted from the knowledge (`kit_ask` the request, `kit`
the drafting, `kit_document` the document, `kit_lines` the lines a snippet gives, `kit_checks`
the profile's kits checked). May import `api.understand`, `api.search`, `api.knowledge`,
`api.text`; nothing about conversations, storage or HTTP.
"""
