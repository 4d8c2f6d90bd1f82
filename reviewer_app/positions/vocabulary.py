"""The names a requirement is about: technologies and languages, as a reviewer writes them.

A label names a requirement's subject ("Python & Django", "English, C1 or better") and
a hint looks for it in the answers, so both read the item through this one vocabulary:
each name with the spellings an applicant or a page uses for it ("Postgres",
"PostgreSQL", "psql"), and the clear misspellings of a page ("Pyhton", "React Natve")
read as the name meant.

Keys are not made here: they are frozen in :mod:`reviewer_app.positions.keys`, so that
adding a name to this table never moves a review away from its check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (name, pattern, extra spellings a hint also counts). Longer names come first, so that
# "React Native" wins over "React". Words that are ordinary English ("Sketch", "Slack",
# "Notion") count only when capitalised; "Go" and "R" are left out altogether.
_TECHNOLOGIES: tuple[tuple[str, str, str], ...] = (
    ("Python", r"python", ""),
    ("GitHub", r"github", ""),
    ("GitLab", r"gitlab", ""),
    ("Git", r"git", ""),
    ("SQLAlchemy", r"sqlalchemy", ""),
    ("PostGIS", r"postgis", ""),
    ("PostgreSQL", r"postgres(?:ql)?", r"psql"),
    ("MySQL", r"mysql", ""),
    ("SQLite", r"sqlite", ""),
    ("MongoDB", r"mongo(?:db)?", ""),
    ("Redis", r"redis", ""),
    ("SQL", r"sql", ""),
    ("GraphQL", r"graphql", ""),
    ("gRPC", r"grpc", ""),
    ("Protocol Buffers", r"protocol buffers|protobufs?", r"protobufs?"),
    ("React Native", r"react[ -]native", ""),
    ("React", r"react(?:\.js|js)?", ""),
    ("Next.js", r"next\.js|nextjs", ""),
    ("Vue", r"vue(?:\.js|js)?", ""),
    ("Angular", r"angular(?:js)?", ""),
    ("Svelte", r"svelte", ""),
    ("TypeScript", r"typescript", ""),
    ("JavaScript", r"javascript", r"js"),
    ("Node.js", r"node\.js|nodejs", r"node"),
    ("HTML", r"html5?", ""),
    ("CSS", r"css3?", ""),
    ("Tailwind", r"tailwind(?:\s*css)?", ""),
    ("Material UI", r"material[ -]ui|mui", ""),
    ("Storybook", r"storybook", ""),
    ("Django", r"django", ""),
    ("Flask", r"flask", ""),
    ("FastAPI", r"fastapi", ""),
    ("Ruby on Rails", r"ruby on rails|rails", ""),
    ("Ruby", r"ruby", ""),
    ("PHP", r"php", ""),
    ("Java", r"java", ""),
    ("Kotlin", r"kotlin", ""),
    ("C#", r"c#", r"csharp"),
    ("C++", r"c\+\+", r"cpp"),
    ("Rust", r"(?-i:Rust)", ""),
    ("Swift", r"(?-i:Swift)", ""),
    ("Flutter", r"flutter", ""),
    ("Dart", r"(?-i:Dart)", ""),
    ("Expo", r"(?-i:Expo)", ""),
    ("iOS", r"ios", ""),
    ("Android", r"android", ""),
    ("Docker", r"docker", ""),
    ("Kubernetes", r"kubernetes|k8s", r"k8s"),
    ("Terraform", r"terraform", ""),
    ("Linux", r"linux", ""),
    ("AWS", r"aws", r"amazon web services"),
    ("Azure", r"azure", ""),
    ("Google Cloud", r"google cloud|gcp", r"gcp"),
    ("Jest", r"jest", ""),
    ("Testing Library", r"testing library", ""),
    ("Playwright", r"playwright", ""),
    ("Cypress", r"cypress", ""),
    ("pytest", r"pytest", ""),
    ("Figma", r"figma", r"figjam"),
    ("Penpot", r"penpot", ""),
    ("Sketch", r"(?-i:Sketch)", ""),
    ("Adobe XD", r"adobe xd", ""),
    ("Photoshop", r"photoshop", ""),
    ("Illustrator", r"(?-i:Illustrator)", ""),
    ("InDesign", r"indesign", ""),
    ("Canva", r"canva", ""),
    ("WordPress", r"wordpress", ""),
    ("Weblate", r"weblate", ""),
    ("Crowdin", r"crowdin", ""),
    ("Transifex", r"transifex", ""),
    ("Jira", r"jira", ""),
    ("Trello", r"trello", ""),
    ("Asana", r"asana", ""),
    ("Notion", r"(?-i:Notion)", ""),
    ("Slack", r"(?-i:Slack)", ""),
    ("Discord", r"discord", ""),
    ("Discourse", r"(?-i:Discourse)", ""),
    ("Miro", r"miro", ""),
    ("Zendesk", r"zendesk", ""),
    ("Mailchimp", r"mailchimp", ""),
    ("Google Analytics", r"google analytics", r"ga4"),
    ("Excel", r"(?-i:Excel)(?!\s+(?:at|in)\b)", ""),
    ("Google Sheets", r"google sheets", ""),
    ("Instagram", r"instagram", r"insta"),
    ("TikTok", r"tik ?tok", ""),
    ("Facebook", r"facebook", ""),
    ("LinkedIn", r"linkedin", ""),
    ("YouTube", r"youtube", ""),
    ("Reddit", r"reddit", ""),
    ("Mastodon", r"mastodon", ""),
    ("SEO", r"seo", ""),
)

LANGUAGES: tuple[str, ...] = (
    "English", "Spanish", "French", "German", "Portuguese", "Italian", "Dutch", "Russian",
    "Ukrainian", "Polish", "Czech", "Slovak", "Hungarian", "Romanian", "Bulgarian", "Greek",
    "Turkish", "Arabic", "Hebrew", "Persian", "Farsi", "Hindi", "Bengali", "Urdu", "Chinese",
    "Mandarin", "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian",
    "Malay", "Tagalog", "Swedish", "Norwegian", "Danish", "Finnish", "Icelandic", "Catalan",
    "Basque", "Galician", "Esperanto", "Swahili", "Serbian", "Croatian", "Slovenian",
    "Lithuanian", "Latvian", "Estonian",
)  # fmt: skip
# Languages that are also ordinary words count only when capitalised.
_LOWER_CASE_WORDS = frozenset({"polish"})

# Words a page writes all the time, in the forms its typos take ("Experiance with").
_COMMON_WORDS = (
    "experience", "knowledge", "familiarity", "understanding", "excellent", "native",
    "fluent", "written", "spoken", "proficiency",
)  # fmt: skip

# Real words one letter away from a name: never read as a misspelling of it.
_REAL_WORDS = frozenset(
    {"finish", "reacts", "canvas", "flash", "docket", "nation", "jester", "reach", "rusty",
     "expose", "leads", "stack", "flatter", "discard", "annular"}
)  # fmt: skip
_MIN_FUZZY = 5  # shorter words have too many real neighbours
_MIN_SUBSTITUTION = 7  # "Reach" is not "React"; "Typscrit" is "TypeScript"


@dataclass(frozen=True)
class Technology:
    """A technology name, how a page writes it, and the spellings a hint also counts."""

    name: str
    pattern: re.Pattern[str]
    mention: re.Pattern[str]


def _bounded(pattern: str) -> str:
    # Names such as "C#", "Node.js" and "C++" end in punctuation: \b does not fit them.
    return rf"(?<![\w.#+]){pattern}(?![\w#+]|\.\w)"


def _technology(name: str, pattern: str, extra: str) -> Technology:
    spellings = f"{pattern}|{extra}" if extra else pattern
    return Technology(
        name,
        re.compile(_bounded(pattern), re.IGNORECASE),
        re.compile(_bounded(f"(?:{spellings})"), re.IGNORECASE),
    )


TECHNOLOGIES: tuple[Technology, ...] = tuple(_technology(*row) for row in _TECHNOLOGIES)
_BY_NAME = {technology.name: technology for technology in TECHNOLOGIES}

# Each word of a name, lower case, as the name it belongs to ("natve" is close to "native").
_FUZZY_WORDS: dict[str, str] = {
    **{word.lower(): word for word in _COMMON_WORDS},
    **{language.lower(): language for language in LANGUAGES},
    **{
        word.lower(): word
        for technology in TECHNOLOGIES
        for word in technology.name.split()
        if re.fullmatch(r"[A-Za-z]+", word)
    },
}


def _one_edit_apart(typed: str, known: str) -> bool:
    """Whether ``typed`` is ``known`` with two letters swapped, one dropped or one added.

    A letter dropped or added at the very end is not counted ("Russia", "Reacts"), and
    a letter replaced only in a long word.
    """
    if typed == known or typed[0] != known[0]:
        return False
    if len(typed) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            return typed[diffs[0]] == known[diffs[1]] and typed[diffs[1]] == known[diffs[0]]
        return len(diffs) == 1 and len(known) >= _MIN_SUBSTITUTION
    shorter, longer = sorted((typed, known), key=len)
    if len(longer) - len(shorter) != 1 or longer[:-1] == shorter:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer) - 1))


def meant_word(word: str) -> str | None:
    """Returns the vocabulary word a clear misspelling stands for ("Pyhton" gives "Python").

    Returns None for a word spelled right, a short word, or a real word.
    """
    typed = word.lower()
    if len(typed) < _MIN_FUZZY or typed in _FUZZY_WORDS or typed in _REAL_WORDS:
        return None
    for known, spelled in _FUZZY_WORDS.items():
        if len(known) >= _MIN_FUZZY and _one_edit_apart(typed, known):
            return spelled
    return None


_WORD = re.compile(r"[A-Za-z]+")


def correct_spelling(text: str) -> str:
    """Returns ``text`` with each clearly misspelled vocabulary word as meant, case kept."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        meant = meant_word(word)
        if meant is None:
            return word
        # "Experiance" becomes "Experience", "pyhton" "Python": names keep their capitals.
        if meant.islower() and word[:1].isupper():
            return meant.capitalize()
        return meant

    return _WORD.sub(fix, text)


@dataclass(frozen=True)
class Mention:
    """A name found in a text, with where it is."""

    name: str
    start: int
    end: int


def find_technologies(text: str) -> list[Mention]:
    """Returns the technologies a text names, in order, each once; overlaps go to the longer."""
    found: list[Mention] = []
    for technology in TECHNOLOGIES:
        for match in technology.pattern.finditer(text):
            if not any(m.start < match.end() and match.start() < m.end for m in found):
                found.append(Mention(technology.name, match.start(), match.end()))
    found.sort(key=lambda mention: mention.start)
    first: list[Mention] = []
    for mention in found:
        if all(mention.name != seen.name for seen in first):
            first.append(mention)
    return first


_LANGUAGE = re.compile(r"\b(?:" + "|".join(LANGUAGES) + r")\b", re.IGNORECASE)
ANY_LANGUAGE = _LANGUAGE
"""Matches any language's name."""


def find_languages(text: str) -> list[Mention]:
    """Returns the languages a text names ("English", "Spanish"), in order."""
    found: list[Mention] = []
    for match in _LANGUAGE.finditer(text):
        word = match.group(0)
        if word.lower() in _LOWER_CASE_WORDS and not word[0].isupper():
            continue
        name = word.capitalize()
        if all(name != seen.name for seen in found):
            found.append(Mention(name, match.start(), match.end()))
    return found


def technology(name: str) -> Technology | None:
    """Returns the technology of a name as this table writes it ("PostgreSQL"), if any."""
    return _BY_NAME.get(name)
