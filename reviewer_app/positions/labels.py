"""The label of a requirement check: a short noun phrase that a reviewer reads whole.

Reviewers tick these labels all day, beside the full text of the requirement, so a
label names what is checked in at most :data:`MAX_LABEL` characters and is never cut
mid-phrase: "Python & Django", "English, C1 or better", "Team management (2+ years)",
"Online community moderation". It keeps the subject (the language of a language
requirement, the tool of a tool requirement), drops the filler ("Experience with",
"Excellent", "Strong"), leaves out what is named only as an example ("e.g. Jira"), and
reads a clear misspelling as what was meant ("Pyhton" is labelled "Python"), while the
check's full text stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer_app.positions.label_fitting import MAX_LABEL, Label, fit, join_names
from reviewer_app.positions.language_labels import language_label
from reviewer_app.positions.markdown_structure import clean_inline, clean_item, lead_in
from reviewer_app.positions.nice_to_have import without_wished_parts
from reviewer_app.positions.vocabulary import (
    correct_spelling,
    find_technologies,
)

__all__ = ["MAX_LABEL", "Label", "skill_label"]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
_AMOUNT = r"(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")"
# "At least 2 years of experience", "3+ years", "for at least 1 month", "2 years' ...".
_EXPERIENCE_TIME = re.compile(
    r"(?:\bfor\s+)?(?:\b(?:at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?|over|more\s+than)"
    r"\s+)?\b" + _AMOUNT + r"\s*(?P<plus>\+)?\s*(?P<unit>years?|yrs?|months?)\b['\u2019]?"
    r"(?:\s+of)?(?:\s+(?:professional|relevant|hands-on|practical|prior|previous))?"
    r"(?:\s+experience)?(?:\s+(?:in|with|of|as|doing|on))?",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r"\(\s*(or\s+[^()]+?)\s*\)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
# Where what follows is only an example or a detail: "e.g. Jira", "such as", "including".
_EXAMPLES = re.compile(
    r"\s*,?\s*\b(?:e\.\s?g\.?|eg\.|i\.\s?e\.?|for example|for instance|such as|including|incl\.)"
    r"(?:\s|$).*$|\s+like\s+(?=[A-Z0-9]).*$",
    re.IGNORECASE,
)
# Where the phrase ends and a sentence about it begins.
_CLAUSE_END = re.compile(
    r"\s*(?:[;:]|\s[-\u2013\u2014]\s|\u2014|\.\s)"
    r"|,\s*(?=(?:as|so|because|since|which|who|where|when|while|but|to|and\s+(?:you|be|are"
    r"|can|have))\b)"
    r"|\s+(?=(?:who|which|where|because|since|so that|in order to|whereby|before|after"
    r"|until)\b)",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(?:(?:some|any|a|an)\s+(?:kind|sort|type|form)\s+of\b\s*"
    r"|(?:a|an|the|some|any|you|your|are|have|has|had|can|will|be|being|been|must|should"
    r"|also|required|must[- ]have)\b[\s:,]*"
    r"|(?:very\s+)?(?:good|strong|excellent|solid|great|proven|basic|demonstrated|demonstrable"
    r"|deep|sound|thorough|broad|general|practical|hands-on|previous|prior|professional"
    r"|relevant|extensive|clear|real|genuine)\b[\s,]*"
    r"|(?:working\s+)?(?:experience|experienced|knowledge|familiarity|understanding"
    r"|proficiency|expertise|skills?|background|track record|grasp|command)\b"
    r"(?:\s+(?:with|in|of|on|using|at|as))?[\s,]*"
    r"|(?:familiar|comfortable|confident|proficient|skilled|competent|at ease)\s+"
    r"(?:(?:with|in|using|at|working with|working in)\b\s*|(?=\w+ing\b))"
    r"|(?:ability|able|capacity|capable)\s+(?:to|of)\b\s*(?P<verb>\w+)?)+",
    re.IGNORECASE,
)
_TRAILING_FILLER = re.compile(
    # "Python skills" is "Python", but "Legal background" and "People skills" stay.
    r"(?:(?<!al)(?<!ic)(?<!ive)(?<!ous)(?<!ful)(?<!people)"
    r"\s+(?:skills?|experience|knowledge|expertise|background|abilities)"
    r"|,?\s+(?:is\s+)?(?:required|a must|essential|mandatory|needed)"
    r"|,?\s+(?:at\s+least\s+)?(?:once|twice))+$",
    re.IGNORECASE,
)
# "At least 18 years old", "Aged 18+", "18+".
_AGE = re.compile(
    r"^(?:at\s+least\s+|over\s+|minimum\s+)?(?P<n>\d{2})\s*\+?\s*(?:years?\s+old|years?\s+of\s+age)"
    r"|^(?:minimum\s+)?age(?:d)?\s*:?\s*(?P<m>\d{2})\s*\+?|^(?P<k>\d{2})\s*\+$",
    re.IGNORECASE,
)
_SIMILAR = re.compile(
    r"\bor\s+(?:a\s+|an\s+|any\s+|another\s+|other\s+)?(?:similar|equivalent|comparable"
    r"|alternative)\b",
    re.IGNORECASE,
)
_NOMINAL = {
    "managing": "management", "leading": "leadership", "coordinating": "coordination",
    "moderating": "moderation", "facilitating": "facilitation", "recruiting": "recruitment",
    "translating": "translation", "designing": "design", "supporting": "support",
    "organising": "", "organizing": "", "running": "", "creating": "",
    "building": "", "doing": "", "making": "", "producing": "",
}  # fmt: skip
_GERUND_IRREGULAR = {
    "be": "being", "see": "seeing", "run": "running", "plan": "planning", "get": "getting",
    "set": "setting", "put": "putting", "commit": "committing", "begin": "beginning",
    "lie": "lying", "die": "dying",
}  # fmt: skip
_GENERIC_NOUNS = frozenset(
    {"", "tools", "tool", "software", "platforms", "platform", "apps", "applications",
     "programs", "services", "systems", "technologies", "frameworks", "languages"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"for", "in", "on", "with", "to", "at", "across", "within", "from", "by", "into",
     "about", "through", "via", "using", "of", "when", "while", "under", "over"}
)  # fmt: skip


def _gerund(verb: str) -> str:
    word = verb.lower()
    if word in _GERUND_IRREGULAR:
        return _GERUND_IRREGULAR[word]
    if word.endswith("ing"):
        return word
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


def _strip_filler(text: str) -> str:
    match = _FILLER.match(text)
    if match is None:
        return _TRAILING_FILLER.sub("", text).strip(" ,;:")
    rest = text[match.end() :]
    if match.group("verb"):
        # "Able to work independently" reads "Working independently".
        rest = _gerund(match.group("verb")) + rest
    return _TRAILING_FILLER.sub("", rest).strip(" ,;:")


def _experience_time(text: str) -> tuple[str, str | None]:
    """Takes "At least 2 years of experience" out of a text; returns it as "2+ years"."""
    match = _EXPERIENCE_TIME.search(text)
    if match is None:
        return text, None
    amount = match["n"].lower()
    number = _NUMBER_WORDS.get(amount) or int(amount)
    unit = "year" if match["unit"].lower().startswith("y") else "month"
    figure = f"{number}+ {unit}" + ("s" if number != 1 else "")
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    rest = re.sub(r"\(\s*\)", "", rest)
    return " ".join(rest.split()).strip(" ,;:"), figure


def _comma_phrase(text: str) -> tuple[str, bool]:
    """Keeps a list written with commas ("React, React Native and Vue"; "kind, patient and
    a good listener"), and stops where a new clause begins.

    Returns:
        The phrase, and whether a member of its list was left out ("…, diplomatic and a
        good listener to members from everywhere" is too long to be a list member).
    """
    parts = text.split(",")
    kept = parts[0]
    for part in parts[1:]:
        words = part.split()
        listed = len(words) <= 3 or (
            len(words) <= 6 and re.search(r"\b(?:and|or)\b", part) is not None
        )
        if not words or not (listed or find_technologies(part[:20])):
            lost = re.match(r"\s*\w+(?:\s+\w+)?\s+(?:and|or)\b", part) is not None
            return kept, lost
        kept += "," + part
    return kept, False


@dataclass(frozen=True)
class _Head:
    """The phrase that names a requirement."""

    text: str
    # Whether it keeps its examples ("Tools like Figma or Miro": they are all that
    # says which tools).
    with_examples: bool = False
    # Whether a member of a list had to be left out.
    lost: bool = False
    # The tools a parenthesis names for a phrase that names none: "Mobile development
    # (React Native)".
    tools: str = ""


def _tools_in_parentheses(text: str) -> str:
    outside = _PARENTHESES.sub("", text)
    if find_technologies(outside) or re.search(r"(?<!^)\b[A-Z][a-z]+[A-Z]?\w*", outside):
        return ""
    for inside in re.findall(r"\(([^()]*)\)", text):
        names = find_technologies(inside)
        rest = inside
        for mention in reversed(names):
            rest = rest[: mention.start] + rest[mention.end :]
        if names and not re.sub(r"\b(?:and|or)\b|[,/&\s]", "", rest):
            either = re.search(r"\bor\b|/", inside) is not None
            return (" or " if either else " & ").join(m.name for m in names)
    return ""


def _head(text: str) -> _Head:
    """The phrase that names the requirement: no parentheses, examples or clauses after it."""
    text = _ALTERNATIVE.sub(lambda m: m.group(1), text)  # "Figma (or Penpot)": an option
    tools = _tools_in_parentheses(text)
    text = _PARENTHESES.sub("", text)
    without_examples = _EXAMPLES.sub("", text)
    generic = _strip_filler(without_examples).lower() in _GENERIC_NOUNS
    phrase = _CLAUSE_END.split(text if generic else without_examples, maxsplit=1)[0]
    kept, lost = _comma_phrase(phrase)
    return _Head(kept.strip(" ,;:."), generic, lost, tools)


# A list of names that starts at a known technology: "Discord, Discourse or Slack",
# "SQLAlchemy, Postgres and/or the PostGIS extension". A capitalised word in such a list
# is a name too, even one this table lacks.
_LIST_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and/or|and|or|&)?|\band/or\b|\band\b|\bor\b|/|&)\s*(?:the\s+)?",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({"experience", "skills", "knowledge", "required", "preferred"})
_NAME = re.compile(r"[A-Z][\w.+#-]*(?:\s+[A-Z][\w.+#-]*){0,2}")


def _listed_names(head: str, start: int) -> tuple[list[str], int, bool]:
    """Reads the list of names starting at ``start``; returns them, its end, and whether
    any one of them will do ("or")."""
    names: list[str] = []
    either = False
    position = start
    while True:
        known = [m for m in find_technologies(head[position:]) if m.start == 0]
        name = _NAME.match(head, position)
        if name is not None and name.group(0).split()[-1].lower() in _NOT_NAMES:
            name = None
        if known and (name is None or name.end() - position <= known[0].end):
            names.append(known[0].name)
            position += known[0].end
        elif name is not None:  # "Django REST Framework", "GitHub Actions", "Discourse"
            names.append(name.group(0))
            position = name.end()
        else:
            break
        separator = _LIST_SEPARATOR.match(head, position)
        if separator is None or separator.end() == position:
            break
        either = either or bool(re.search(r"\bor\b|/", separator.group(0), re.IGNORECASE))
        following = head[separator.end() :]
        if not (_NAME.match(following) or any(m.start == 0 for m in find_technologies(following))):
            break
        position = separator.end()
    return names, position, either


def _technology_label(head: str) -> Label | None:
    mentions = find_technologies(head)
    if not mentions:
        return None
    names: list[str] = []
    either = False
    covered = 0
    for mention in mentions:
        if mention.start < covered:
            continue
        listed, covered, any_one = _listed_names(head, mention.start)
        names += [name for name in listed if name not in names]
        either = either or any_one
    return join_names(names, "or" if either else "&", similar=bool(_SIMILAR.search(head)))


def _nominal_phrase(phrase: str) -> str:
    """ "managing a team" gives "Team management", "organising online events" "Online
    events", "Member of the community" "Community member"."""
    member = re.match(
        r"^(?:an?\s+)?(?:active\s+)?member\s+of\s+(?:the\s+|our\s+)?(.+)$", phrase, re.IGNORECASE
    )
    if member:
        return f"{member.group(1)} member"
    words = phrase.split()
    noun = _NOMINAL.get(words[0].lower()) if words else None
    if noun is None:
        return phrase
    obj = [w for w in words[1:] if w.lower() not in {"a", "an", "the", "our", "your"}]
    if not obj or len(obj) > 3 or any(w.lower() in _PREPOSITIONS for w in obj):
        return phrase
    if not noun:
        return " ".join(obj)
    if any(w.lower() in {"and", "or", "&"} for w in obj):
        return phrase
    last = obj[-1]
    if last.lower().endswith("ies"):
        last = last[:-3] + "y"
    elif last.lower().endswith("s") and not last.lower().endswith("ss"):
        last = last[:-1]
    return " ".join([*obj[:-1], last, noun])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lead_in_label(lead: str, raw: str) -> Label:
    """ "**Prototyping:** confident in Figma (or Penpot)" gives "Prototyping (Figma or
    Penpot)": the author's lead-in, and the tool or language it asks for if it fits."""
    text = correct_spelling(lead)
    label = fit(_capitalised(_strip_filler(_head(text).text) or text))
    rest = correct_spelling(without_wished_parts(clean_item(raw)))
    rest = rest[rest.find(":") + 1 :] if ":" in rest[: len(lead) + 3] else rest
    head = _head(rest)
    subject = language_label(head.text, rest)
    if subject is None and not head.with_examples:
        subject = _technology_label(head.text)
    if subject is None or subject.hard or subject.text.lower() in label.text.lower():
        return label
    named = subject.text if subject.text.isupper() else subject.text[:1].lower() + subject.text[1:]
    if find_technologies(subject.text):
        named = subject.text
    fuller = f"{label.text} ({named})"
    if label.text.lower() in _GENERIC_NOUNS or len(fuller) > MAX_LABEL:
        return subject  # "Languages: fluent English and Spanish" is about the languages
    return Label(fuller)


def skill_label(raw: str) -> Label:
    """Returns the label of a raw requirement item (at most :data:`MAX_LABEL` characters).

    Args:
        raw: The item as written in the page, Markdown and all.

    Returns:
        The label; ``hard`` when words of the requirement itself (not filler, examples
        or asides) had to be left out to fit, which ``positions`` warns about.
    """
    lead = lead_in(raw)
    if lead:
        return _lead_in_label(lead, raw)
    text = correct_spelling(without_wished_parts(clean_item(raw)))
    age = _AGE.match(_strip_filler(text))
    if age is not None:
        return Label(f"Age {age['n'] or age['m'] or age['k']}+")
    text, duration = _experience_time(text)
    head = _head(text)
    phrase = head.text or clean_inline(text)
    label = language_label(phrase, text)
    if label is None:
        plain = _strip_filler(phrase) or phrase
        named = None if head.with_examples else _technology_label(plain)
        label = named or fit(_capitalised(_nominal_phrase(plain)))
        if named is None and head.tools:
            with_tools = f"{label.text} ({head.tools})"
            label = Label(with_tools) if len(with_tools) <= MAX_LABEL else fit(head.tools)
    if head.lost:
        label = Label(label.text, hard=True)
    if duration is None:
        return label
    suffix = f" ({duration})"
    if len(label.text) + len(suffix) <= MAX_LABEL:
        return Label(label.text + suffix, label.hard)
    # The figure is part of the requirement: the phrase makes room for it.
    shorter = fit(label.text, MAX_LABEL - len(suffix))
    return Label(shorter.text + suffix, label.hard or shorter.hard)
