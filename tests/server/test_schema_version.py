"""The revisions listed in schema_version are Alembic's, in order."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from reviewer_app.server.database import MIGRATIONS_DIR
from reviewer_app.server.schema_version import HEAD, KNOWN_REVISIONS, current_heads


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_known_revisions_are_the_scripts_oldest_first() -> None:
    scripts = _scripts()
    oldest_first = [script.revision for script in scripts.walk_revisions()][::-1]
    assert list(KNOWN_REVISIONS) == oldest_first
    assert scripts.get_current_head() == HEAD


def test_current_heads_reads_the_version_table() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        assert current_heads(conn) == ()
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        assert current_heads(conn) == ()
        conn.execute(text("INSERT INTO alembic_version VALUES ('0002_sync')"))
        assert current_heads(conn) == ("0002_sync",)
