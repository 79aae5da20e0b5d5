"""The `hiring-advisor` command line and the evaluation of question sets.

Thin commands over the same functions the service uses (build and publish, ask, chat, eval,
serve, gaps, purge, kits, db), printed for a person with Rich, and the scoring of question and
conversation sets (`evaluation`) with its verdict against floors (`eval_verdict`). The top
layer: it may import anything; nothing imports it.
"""
