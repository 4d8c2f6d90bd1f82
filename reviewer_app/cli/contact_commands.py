"""The ``compose`` and ``templates`` commands: messages to applicants from the templates.

``compose APPLICATION_ID TEMPLATE`` prints one message filled in from the local cache
(works offline); ``templates`` lints the templates as ``positions`` lints positions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cli.data_folder import existing_data_dir
from reviewer_app.config.paths import templates_dir
from reviewer_app.config.settings import Settings
from reviewer_app.contact.applicant import read_applicant_fields
from reviewer_app.contact.compose import compose
from reviewer_app.contact.templates import (
    MERGE_FIELDS,
    Template,
    UnknownTemplate,
    find_template,
    load_templates,
)
from reviewer_app.errors import UserError

NOT_FOUND = 2
"""The exit status when the application or the template does not exist."""


def cmd_compose(args: argparse.Namespace, out: TextIO) -> int:
    """Prints one template filled in for one application of the local cache."""
    directory: Path = args.templates or templates_dir()
    try:
        template = find_template(load_templates(directory), args.template)
        with LocalCache.open(existing_data_dir(args.data_dir), for_reading=True) as cache:
            applicant = read_applicant_fields(cache, args.application_id)
    except (UnknownTemplate, UnknownApplication) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return NOT_FOUND
    if template.has_errors:
        errors = "; ".join(p.message for p in template.problems if p.severity == "error")
        raise UserError(
            f"The template {template.slug!r} has errors ({errors}): fix "
            f"{template.path or template.slug}, then check it with `templates`."
        )
    reviewer = args.reviewer if args.reviewer is not None else _settings_reviewer(args)
    message = compose(template, applicant, reviewer)
    if args.json:
        json.dump(message.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(f"To: {message.to}\nSubject: {message.subject}\n\n{message.body}\n")
    if message.complete:
        return 0
    fields = ", ".join(f"{{{name}}}" for name in message.missing)
    print(
        f"warning: not filled in: {fields} ({_why_missing(message.missing)}); "
        "the text keeps them as written: edit the message before sending it.",
        file=sys.stderr,
    )
    return 1


def cmd_templates(args: argparse.Namespace, out: TextIO) -> int:
    """Lints the message templates of a folder; exits 1 when any has an error."""
    directory: Path = args.directory or templates_dir()
    templates = load_templates(directory)
    if not templates:
        raise UserError(
            f"no template files (*.md) in {directory}: nothing was checked. Choose the "
            "folder that holds the message templates."
        )
    if args.json:
        json.dump([t.to_json() for t in templates], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_templates_report(directory, templates, out)
    return 1 if any(t.has_errors for t in templates) else 0


def add_contact_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``compose`` and ``templates`` to the command line's subcommands."""
    fields = ", ".join(f"{{{name}}}" for name in MERGE_FIELDS)
    compose_parser = commands.add_parser(
        "compose",
        help="print a message template filled in for one application (works offline)",
        description="Fill a message template in for one application of the local cache "
        f"and print its recipient, subject and text (merge fields: {fields}; "
        "docs/templates.md). Exits 2 when the application or the template does not "
        "exist, and 1 when a merge field could not be filled (named on standard error; "
        "with --json it is listed in 'missing' and the exit status is 0).",
    )
    compose_parser.add_argument(
        "application_id", metavar="APPLICATION_ID", help="the application's id"
    )
    compose_parser.add_argument(
        "template", metavar="TEMPLATE", help="the template's name, e.g. decline or acceptance"
    )
    compose_parser.add_argument(
        "--json",
        action="store_true",
        help="print to, subject, body and the missing fields as one JSON object",
    )
    compose_parser.add_argument(
        "--reviewer",
        metavar="NAME",
        help="the name to sign with (default: the name in the settings)",
    )
    compose_parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="folder of message templates (default: the shipped content/templates)",
    )
    _add_data_dir(compose_parser)
    compose_parser.set_defaults(handler=cmd_compose)

    lint = commands.add_parser(
        "templates",
        help="check message template files",
        description="Lint message templates (Markdown with YAML frontmatter: subject, "
        f"stage, optional title; merge fields {fields}). Exits 1 when any file has an "
        "error, or when the folder holds no template files.",
    )
    lint.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder of template files (default: the shipped content/templates)",
    )
    lint.add_argument("--json", action="store_true", help="print a JSON list, one object a file")
    lint.set_defaults(handler=cmd_templates)


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        # A subcommand's default would overwrite a --data-dir given before the command.
        default=argparse.SUPPRESS,
        help="folder of the local cache and settings (default: the user's data folder)",
    )


def _settings_reviewer(args: argparse.Namespace) -> str:
    return Settings.load(args.data_dir).reviewer_name


def _why_missing(missing: tuple[str, ...]) -> str:
    reasons = {
        "first_name": "the applicant has no name",
        "name": "the applicant has no name",
        "position": "the application names no position",
        "reviewer": "no reviewer name: pass --reviewer NAME or set it in the settings",
        "organisation": "no organisation name",
        "reason": "the decision has no reason",
    }
    said = dict.fromkeys(reasons.get(name, f"{{{name}}} is not a merge field") for name in missing)
    return "; ".join(said)


def _print_templates_report(directory: Path, templates: list[Template], out: TextIO) -> None:
    for template in templates:
        stage = f"  (stage: {template.stage.value})" if template.stage is not None else ""
        out.write(f"{template.slug}.md: {template.title}{stage}\n")
        out.write(f"  subject: {template.subject or '(none)'}\n")
        fields = " · ".join(f"{{{name}}}" for name in template.fields) or "none"
        out.write(f"  fields: {fields}\n")
        for problem in template.problems:
            out.write(f"  {problem.severity}: {problem.message}\n")
    errors = sum(t.has_errors for t in templates)
    warnings = sum(1 for t in templates for p in t.problems if p.severity == "warning")
    out.write(
        f"{len(templates)} template file(s) in {directory}: "
        f"{errors} with errors, {warnings} warning(s)\n"
    )


__all__ = ["NOT_FOUND", "add_contact_commands", "cmd_compose", "cmd_templates"]
