"""The conversation store: sessions, turns, feedback, content gaps, and the console's accounts
with their roles and password hashes (SQLAlchemy; argon2 for the hashes).

Owns the tables, the repository, engine set-up (SQLite tuning, PostgreSQL through psycopg 3)
and the Alembic migrations in `migrations/`. It persists and knows nothing of query analysis:
it may import only `api.text` and the base modules.
"""
