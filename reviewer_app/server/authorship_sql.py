"""The SQL of server authorship (PostgreSQL): who a session is, and triggers that stamp.

A session is *trusted* when its role may take revisions itself, i.e. UPDATE
``sync_counter``: a superuser, the owner of the tables and the coordinator group
(:func:`reviewer_app.server.roles.grant_coordinator`) may; the reviewer group never
may (:func:`~reviewer_app.server.roles.grant_reviewer`). One privilege decides it, so
the triggers, the Python revision stamping and push all agree, and a trusted session
pays one catalogue lookup per row (the trigger's WHEN clause), not a function call.

For an untrusted session the triggers stamp the author column with the reviewer
mapped from ``session_user`` (``reviewers.login``, not disabled), refuse changing a
check or note of another reviewer, and stamp ``revision`` from the counter through a
SECURITY DEFINER function: the counter row stays locked until the transaction ends,
as :mod:`reviewer_app.server.revisions` requires. Triggers rather than row-level
policies: a policy hides rows silently, where a trigger refuses with a message, and
every reviewer reads every row anyway.

Functions whose owner's rights matter are SECURITY DEFINER with ``search_path``
pinned to ``pg_catalog, pg_temp`` (temporary objects last, as PostgreSQL's manual
advises) and name every table with its schema.
"""

from __future__ import annotations

# Untrusted sessions are exactly those that may not UPDATE the counter.
UNTRUSTED = "NOT pg_catalog.has_table_privilege('public.sync_counter'::regclass, 'UPDATE')"

TRUSTED_FUNCTION = "public.reviewer_app_session_trusted()"
REVIEWER_FUNCTION = "public.reviewer_app_session_reviewer()"
LOCK_COUNTER_FUNCTION = "public.reviewer_app_lock_counter()"

_PINNED = "SET search_path = pg_catalog, pg_temp"

_FUNCTIONS = (
    # Invoker's rights on purpose: it answers for the calling role.
    f"""
CREATE FUNCTION {TRUSTED_FUNCTION} RETURNS boolean
LANGUAGE sql STABLE {_PINNED} AS $$
  SELECT {UNTRUSTED.removeprefix("NOT ")}
$$""",
    f"""
CREATE FUNCTION {REVIEWER_FUNCTION} RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER {_PINNED} AS $$
  SELECT id FROM public.reviewers
  WHERE login = session_user::text AND disabled_at IS NULL
$$""",
    f"""
CREATE FUNCTION public.reviewer_app_next_revision() RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER {_PINNED} AS $$
  UPDATE public.sync_counter SET value = value + 1 WHERE id = 1 RETURNING value
$$""",
    # A push locks the counter first (see push.apply_batch); FOR UPDATE needs the
    # UPDATE privilege a reviewer does not have.
    f"""
CREATE FUNCTION {LOCK_COUNTER_FUNCTION} RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER {_PINNED} AS $$
  SELECT value FROM public.sync_counter WHERE id = 1 FOR UPDATE
$$""",
    # Arguments: the author column ('' for none), 'owned' when only the author may
    # change the row, 'revision' when the row carries one.
    f"""
CREATE FUNCTION public.reviewer_app_stamp_row() RETURNS trigger
LANGUAGE plpgsql {_PINNED} AS $$
DECLARE
  author_column text := TG_ARGV[0];
  stamp jsonb := '{{}}';
  me integer;
BEGIN
  IF author_column <> '' THEN
    me := public.reviewer_app_session_reviewer();
    IF me IS NULL THEN
      RAISE EXCEPTION 'the login % is not an active reviewer of this database',
        session_user
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Ask the coordinator to add the login as a reviewer (add-reviewer).';
    END IF;
    IF TG_OP = 'UPDATE' AND TG_ARGV[1] = 'owned'
       AND (to_jsonb(OLD) ->> author_column)::integer IS DISTINCT FROM me THEN
      RAISE EXCEPTION 'this row of % belongs to another reviewer; only its author '
        'may change it', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    stamp := jsonb_build_object(author_column, me);
  END IF;
  IF TG_ARGV[2] = 'revision' THEN
    stamp := stamp || jsonb_build_object('revision', public.reviewer_app_next_revision());
  END IF;
  RETURN jsonb_populate_record(NEW, stamp);
END
$$""",
)

# Table, author column, whether only the author may change a row, whether revisioned.
STAMPED_TABLES = (
    ("requirement_checks", "reviewer_id", True, True),
    ("notes", "author_id", True, True),
    ("decisions", "decided_by", False, True),
    ("decision_history", "decided_by", False, True),
    ("applications", "", False, True),
    ("applied_operations", "reviewer_id", False, False),
)

# Stamped from migration 0009 on (0007 installed the tables above; its list stays as it
# was, since those are the tables that existed then). Anyone of the team may assign
# anyone or set an interview time, so neither is "owned"; a contact is its author's.
STAMPED_TABLES_0009 = (
    ("assignments", "assigned_by", False, True),
    ("contacts", "reviewer_id", True, True),
    ("interviews", "set_by", False, True),
)

_FUNCTION_NAMES = (
    TRUSTED_FUNCTION,
    REVIEWER_FUNCTION,
    "public.reviewer_app_next_revision()",
    LOCK_COUNTER_FUNCTION,
    "public.reviewer_app_stamp_row()",
)


def _trigger(table: str, author: str, owned: bool, revisioned: bool) -> str:
    values = (author, "owned" if owned else "", "revision" if revisioned else "")
    arguments = ", ".join(f"'{value}'" for value in values)
    return (
        f"CREATE TRIGGER reviewer_app_stamp BEFORE INSERT OR UPDATE ON public.{table} "
        f"FOR EACH ROW WHEN ({UNTRUSTED}) "
        f"EXECUTE FUNCTION public.reviewer_app_stamp_row({arguments})"
    )


def upgrade_statements() -> list[str]:
    """The statements that install the functions and triggers, in order."""
    return [
        *(statement.strip() for statement in _FUNCTIONS),
        *(_trigger(*table) for table in STAMPED_TABLES),
    ]


def downgrade_statements() -> list[str]:
    """The statements that remove what :func:`upgrade_statements` installed."""
    return [
        *(f"DROP TRIGGER IF EXISTS reviewer_app_stamp ON public.{t[0]}" for t in STAMPED_TABLES),
        *(f"DROP FUNCTION IF EXISTS {name}" for name in reversed(_FUNCTION_NAMES)),
    ]


def stamp_statements(tables: tuple[tuple[str, str, bool, bool], ...]) -> list[str]:
    """The statements that install the stamping trigger on more tables (a later migration)."""
    return [_trigger(*table) for table in tables]


def unstamp_statements(tables: tuple[tuple[str, str, bool, bool], ...]) -> list[str]:
    """The statements that remove :func:`stamp_statements`' triggers."""
    return [f"DROP TRIGGER IF EXISTS reviewer_app_stamp ON public.{t[0]}" for t in tables]
