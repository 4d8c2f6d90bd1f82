"""The shared database: PostgreSQL in production, a SQLite file as the embedded default."""
