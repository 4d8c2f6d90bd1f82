"""Synthetic applications for trying the app without real applicants' data.

Deterministic for a seed. The raw responses are deliberately messy the way real exports
are: positions typed loosely, duplicates, and a few answers garbled by a wrong encoding
(``Iâ€™m``) that intake repairs.
"""

# Typographic apostrophes and letters like a dotless i are what applicants really type.
# ruff: noqa: RUF001

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reviewer_app.intake.responses import FormResponse

ANCHOR = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
"""Demo submissions fall in the ~90 days before this fixed time (never the clock)."""

QUESTIONS = (
    "Why do you want to volunteer with us?",
    "Tell us about your relevant experience",
    "How many hours per week can you commit?",
    "How long can you commit for?",
    "GitHub / portfolio link",
    "Where are you based?",
    "Anything else?",
)

UNMATCHED_POSITIONS = (
    "Anything that helps!",
    "Not sure yet, happy to help wherever",
    "Whatever you need most",
    "",
)


@dataclass(frozen=True)
class DemoPosition:
    """What the demo needs to know about a position."""

    slug: str
    apply_as_or_title: str
    skills: tuple[str, ...] = ()
    min_hours_per_week: float | None = None
    min_months: float | None = None


_FIRST_NAMES = (
    "Lena", "Mateo", "Aoife", "Sipho", "Priya", "João", "Zoë", "Mehmet", "Ingrid", "Chloé",
    "Tomás", "Olusegun", "Anastasia", "Luca", "Fatima", "Kwame", "Maëlle", "Björn", "Ana",
    "Noah", "Siobhán", "Dmitri", "Camila", "Jürgen", "Amara", "Søren", "Isabela", "Rafał",
)  # fmt: skip
_LAST_NAMES = (
    "Fischer", "García", "Ó Briain", "Ndlovu", "Sharma", "Gonçalves", "Müller", "Yılmaz",
    "Haugen", "Dubois", "Silva", "Adeyemi", "Ivanova", "Rossi", "Khan", "Mensah", "Le Goff",
    "Þórsson", "Kowalczyk", "Nguyen", "Smith", "Novák", "Pérez", "Okafor", "Lindqvist",
)  # fmt: skip
# Names in other scripts, with the romanised handle people use in their email.
_NON_LATIN_NAMES = (
    ("王芳", "wang.fang"),
    ("佐藤 花子", "hanako.sato"),
    ("김민준", "minjun.kim"),
    ("محمد الأحمد", "m.alahmad"),
    ("ليلى حداد", "layla.haddad"),
    ("Νίκος Παπαδόπουλος", "nikos.pap"),
    ("Ольга Смирнова", "olga.smirnova"),
)
# Reserved example domains: demo data must never reach a real inbox.
_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "uni.example.edu")
_PLACES = (
    "Berlin, Germany", "Lisbon, Portugal", "Cork, Ireland", "Cape Town, South Africa",
    "Pune, India", "São Paulo, Brazil", "Istanbul, Türkiye", "Tromsø, Norway", "Lyon, France",
    "Lagos, Nigeria", "Kraków, Poland", "Seoul, South Korea", "Osaka, Japan", "Amman, Jordan",
    "Mexico City, Mexico", "Accra, Ghana", "Vancouver, Canada", "nomad, currently in Bali",
)  # fmt: skip
_MOTIVATIONS = (
    "I’ve hosted travellers for years and want to give something back to the community.",
    "Couchsurfing changed how I travel — I’d love to help build a non-profit alternative.",
    "I believe in free, community-run hospitality and want to contribute my skills.",
    "A friend told me about Couchers and I’m excited about the mission.",
    "I’m between jobs and want to do something meaningful with my time.",
    "Honestly I just love meeting people from all over the world 🌍",
)
_EXTRAS = (
    "",
    "",
    "",
    "Thanks for reading! 🙂",
    "Can I start in January? I’m travelling until then.",
    "I’m a bit nervous about my English, but I’m learning fast.",
    "I'd be <b>very</b> happy to help with anything else too.",
    "Happy to jump on a call anytime.",
)


def demo_responses(
    positions: Sequence[DemoPosition], count: int = 200, seed: int = 0
) -> list[FormResponse]:
    """Makes ``count`` realistic applications to ``positions``, in submission order.

    Raises:
        ValueError: No positions were given, or count is negative (a caller's bug).
    """
    if not positions:
        raise ValueError("demo_responses needs at least one position")
    if count < 0:
        raise ValueError(f"count must be >= 0, not {count}")
    rng = random.Random(seed)
    people: list[tuple[str, str]] = []
    drafts: list[tuple[datetime, str, str, str, tuple[tuple[str, str], ...]]] = []
    for _ in range(count):
        # About one in twenty applies again, to the same or another position.
        if people and rng.random() < 0.05:
            name, email = rng.choice(people)
            email = email.capitalize() if rng.random() < 0.5 else email
        else:
            name, email = _person(rng)
            people.append((name, email))
        position = rng.choice(positions)
        submitted = ANCHOR - timedelta(seconds=rng.randrange(90 * 24 * 3600))
        typed = _typed_position(rng, position.apply_as_or_title)
        drafts.append((submitted, name, email, typed, _answers(rng, position, name)))
    if drafts:
        _showcase_newest(rng, positions, drafts)
    drafts.sort(key=lambda draft: draft[0])
    return [
        FormResponse(
            row_number=index + 2,
            response_id=f"demo-{index + 1:06d}",
            submitted_at=submitted,
            name=name,
            email=email,
            position_typed=typed,
            answers=answers,
        )
        for index, (submitted, name, email, typed, answers) in enumerate(drafts)
    ]


SHOWCASE_POSITION = "Backend Developer"
"""The newest demo application, the first the window shows, is matched to this one."""


def _showcase_newest(
    rng: random.Random,
    positions: Sequence[DemoPosition],
    drafts: list[tuple[datetime, str, str, str, tuple[tuple[str, str], ...]]],
) -> None:
    """Makes the newest draft a clean, complete application to a position with checks.

    The window opens on the newest application, so the demo and the README screenshot
    show a matched applicant with hints to review, not a blank or unmatched one.
    """
    position = next(
        (p for p in positions if p.apply_as_or_title == SHOWCASE_POSITION),
        max(positions, key=lambda p: len(p.skills)),
    )
    newest = max(range(len(drafts)), key=lambda index: drafts[index][0])
    submitted = drafts[newest][0]
    name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
    handle = _ascii_handle(name)
    skills = list(position.skills) or ["the tools you use"]
    listed = ", ".join(skills[:-1]) + (" and " if len(skills) > 1 else "") + skills[-1]
    hours = int(max(position.min_hours_per_week or 5, 5)) + 1
    months = int(max(position.min_months or 6, 6)) + 6
    answers = (
        rng.choice(_MOTIVATIONS[:4]),
        f"{rng.randint(3, 9)} years as a backend developer; at work I use {listed} every "
        "day, and I maintain a small open-source Django app for a local food bank.",
        f"about {hours} hours a week",
        f"at least {months} months",
        f"https://github.com/{handle.replace('.', '')}",
        rng.choice(_PLACES[:17]),
        "Happy to jump on a call anytime.",
    )
    email = f"{handle}@{rng.choice(_DOMAINS)}"
    drafts[newest] = (
        submitted,
        name,
        email,
        position.apply_as_or_title,
        tuple(zip(QUESTIONS, answers, strict=True)),
    )


def _ascii_handle(text: str) -> str:
    decomposed = unicodedata.normalize(
        "NFKD", text.replace("ø", "o").replace("Þ", "Th").replace("ı", "i")
    )
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(kept.lower().split())


def _person(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.12:
        name, handle = rng.choice(_NON_LATIN_NAMES)
    else:
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        handle = _ascii_handle(name)
        if rng.random() < 0.3:
            handle = f"{handle}{rng.randrange(1, 99)}"
    return name, f"{handle}@{rng.choice(_DOMAINS)}"


def _typed_position(rng: random.Random, title: str) -> str:
    if rng.random() < 0.06:
        return rng.choice(UNMATCHED_POSITIONS)
    words = title.split()
    variants = [
        title,
        title,
        title.lower() + " ",
        "-".join(words),
        title.upper(),
        f"{title} (remote)",
        f"I'd like to apply as {title}",
    ]
    if len(words) > 1 and len(words[-1]) > 5:
        variants.append(" ".join([*words[:-1], words[-1][:3]]).lower())
    return rng.choice(variants)


def _garble(text: str) -> str:
    """Returns text as a tool that misread UTF-8 as Windows-1252 would show it."""
    try:
        return text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        # Some bytes (in many emoji) have no Windows-1252 character; leave those intact.
        return text


def _amount(rng: random.Random, minimum: float | None, default: float) -> float:
    base = minimum if minimum is not None else default
    return max(1.0, round(base * rng.choice((0.25, 0.5, 0.75, 1.0, 1.0, 1.5, 2.0, 3.0))))


def _hours_answer(rng: random.Random, position: DemoPosition) -> str:
    if rng.random() < 0.1:
        return rng.choice(("Depends on work, some weekends", "Not sure yet", ""))
    hours = int(_amount(rng, position.min_hours_per_week, 5))
    return rng.choice(
        (
            str(hours),
            f"{hours} hours",
            f"about {hours} hours a week",
            f"{max(1, hours - 1)}-{hours + 1} hours",
            f"{hours}h/week",
        )
    )


def _months_answer(rng: random.Random, position: DemoPosition) -> str:
    if rng.random() < 0.1:
        return rng.choice(("Indefinitely!", "As long as you need me", "Until I finish uni"))
    months = int(_amount(rng, position.min_months, 6))
    if months % 12 == 0 and rng.random() < 0.5:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return rng.choice((f"{months} months", f"at least {months} months", f"{months}+ months"))


def _experience_answer(rng: random.Random, position: DemoPosition) -> str:
    skills = list(position.skills)
    rng.shuffle(skills)
    mentioned = skills[: rng.randint(0, len(skills))]
    if not mentioned:
        return rng.choice(
            (
                "No formal experience, but I learn quickly and I’m very motivated.",
                "I have organised community meetups in my city for a few years.",
                "Mostly volunteering at local events.",
            )
        )
    years = rng.randint(1, 12)
    listed = ", ".join(mentioned[:-1]) + (" and " if len(mentioned) > 1 else "") + mentioned[-1]
    return rng.choice(
        (
            f"{years} years working with {listed}.",
            f"I use {listed} at my day job (about {years} years now).",
            f"Self-taught: {listed}. Built a few side projects over {years} years.",
        )
    )


def _link_answer(rng: random.Random, name: str) -> str:
    handle = _ascii_handle(name).replace(".", "") or f"user{rng.randrange(1000, 9999)}"
    return rng.choice(
        (
            f"https://github.com/{handle}",
            f"https://github.com/{handle}",
            f"https://{handle}.example.dev",
            "",
            "n/a",
        )
    )


def _answers(rng: random.Random, position: DemoPosition, name: str) -> tuple[tuple[str, str], ...]:
    motivation = rng.choice(_MOTIVATIONS)
    extra = rng.choice(_EXTRAS)
    # A few answers arrive garbled, as when an export is opened with the wrong encoding.
    if rng.random() < 0.05:
        motivation = _garble(motivation)
    if rng.random() < 0.03:
        extra = _garble(extra)
    values = (
        motivation,
        _experience_answer(rng, position),
        _hours_answer(rng, position),
        _months_answer(rng, position),
        _link_answer(rng, name),
        rng.choice(_PLACES),
        extra,
    )
    return tuple(zip(QUESTIONS, values, strict=True))
