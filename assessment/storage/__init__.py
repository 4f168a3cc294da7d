"""Persistence: SQLAlchemy models and Alembic migrations (SQLite by default, PostgreSQL in production)."""
