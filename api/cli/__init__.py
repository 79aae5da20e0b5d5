"""The `hiring-advisor` command line and the evaluation of question sets.

Thin commands over the same functions the service uses (build and publish, ask, eval, serve,
gaps, purge, kits, db), and the scoring of question and conversation sets (`evaluation`). The
top layer: it may import anything; nothing imports it.
"""
