"""The content: reading and validating `knowledge/` into typed values.

Owns the file formats (YAML with line numbers, Markdown topics, salary CSV tables, synonyms,
checks), the assistant's profile, salary records, how a record reads in English (`naming`) and
the `Domain` of one knowledge base (which roles, levels, places and sources exist and how people
name them). Every problem is a `file:line` `KnowledgeError`. May import `api.text`,
`api.errors` and `api.config`; nothing above.
"""
