"""Tests of reviewer_app/applicants/search.py: the list's search and counts in memory.

Results are checked against tests/applicants/search_support.py, a plain Python search
written from what the module documents.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.search import ApplicantSearch, blind_text, fold, fold_text
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition, Conflict
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import DECISION, NEW_NOTE, save_draft
from tests.applicants.search_support import ReferenceSearch, folded

ME = "Me Reviewer"
WEB = '---\ntitle: "Web Developer"\n---\n\n## Requirements\n\n- Python experience\n'
T0 = datetime(2026, 3, 1, tzinfo=UTC)
# (name, email, position, answer); names that hold "an", "na" and "ana" in turn.
PEOPLE = [
    ("José Álvarez", "jose@example.com", 1, "Straße 5, Berlin"),
    ("Ana Silva", "ana@example.com", 1, "I love Python"),
    ("Nadia Khan", "nadia@example.org", 2, "anything goes"),
    ("Anton Berg", "anton@example.net", None, "design and code"),
    ("Dana Scully", "dana@example.com", 1, "The truth is out there"),
    ("ZOË Ng", "zoe@example.com", 2, "ÉCOLE 42, ΣΊΣΥΦΟΣ"),
]


class TextCountingQuery(ApplicantQuery):
    """The real query, counting how often the search texts are read."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, ME)
        self.texts_read = 0
        self.reading = threading.Event()
        self.slowly = False

    def search_texts(self, ids: Sequence[str]) -> Iterator[str]:
        self.texts_read += 1
        self.reading.set()
        if self.slowly:
            time.sleep(0.2)
        yield from super().search_texts(ids)


def _application(
    number: int, name: str, email: str, position: int | None, answer: str
) -> CachedApplication:
    return CachedApplication(
        id=f"app-{number}",
        response_id=f"r{number}",
        submitted_at=T0 + timedelta(hours=number),
        name=name,
        email=email,
        position_typed="typed",
        position_id=position,
        answers=[["Tell us more", answer]],
        content_hash=str(number),
        revision=number + 1,
    )


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """Six applications of two positions: one a duplicate, one in conflict, one screened,
    two holding a draft."""
    opened = LocalCache.open(tmp_path)
    with opened.session() as session:
        for number, title in enumerate(("Web Developer", "Operations"), start=1):
            source = WEB.replace("Web Developer", title)
            slug = title.split()[0].lower()
            session.add(
                CachedPosition(
                    id=number,
                    slug=slug,
                    version=1,
                    title=title,
                    source=source,
                    content_hash=slug,
                    revision=number,
                )
            )
        session.flush()
        session.add_all([_application(n, *person) for n, person in enumerate(PEOPLE)])
        session.flush()
        session.get_one(CachedApplication, "app-4").duplicate_of = "app-1"
        session.add(Conflict(application_id="app-3", entity="decision", theirs={}, mine={}))
    ReviewService(opened, ME).set_decision("app-2", Stage.SCREENING)
    ReviewService(opened, ME).set_check("app-1", "skill-python", CheckResult.MET)
    save_draft(opened, "app-0", NEW_NOTE, {"kind": "triage", "body": "half a note"})
    save_draft(opened, "app-5", DECISION, {"stage": "screening", "reason": ""})
    yield opened
    opened.close()


@pytest.fixture
def query(cache: LocalCache) -> TextCountingQuery:
    """The list queries of ME, counting reads of the search texts."""
    return TextCountingQuery(cache)


@pytest.fixture
def search(query: ApplicantQuery) -> ApplicantSearch:
    """The search in memory over ``query``."""
    return ApplicantSearch(query)


@pytest.fixture
def reference(cache: LocalCache) -> ReferenceSearch:
    """What the search must find, found the plain way."""
    return ReferenceSearch(cache, ME)


FILTERS = [
    ApplicantFilter(),
    ApplicantFilter(position="web"),
    ApplicantFilter(stage=Stage.NEW),
    ApplicantFilter(needs_my_review=True),
    ApplicantFilter(duplicates=True, position="web"),
    ApplicantFilter(unmatched=True),
    ApplicantFilter(conflicts=True, needs_my_review=True),
    ApplicantFilter(drafts=True),
    ApplicantFilter(drafts=True, position="operations"),
]


@pytest.mark.parametrize(
    "text", ["an", "ANA", "example.com", "e", " silva ", "%", "zz", "o, ", "JOSÉ", "ZOE 42"]
)
@pytest.mark.parametrize("applicant_filter", FILTERS)
def test_search_gives_what_the_reference_gives(
    reference: ReferenceSearch,
    search: ApplicantSearch,
    applicant_filter: ApplicantFilter,
    text: str,
) -> None:
    searched = ApplicantFilter(**{**vars(applicant_filter), "search": text})
    for sort in SortKey:
        for descending in (True, False):
            expected = reference.ids(searched, sort, descending)
            assert search.ids(searched, sort, descending) == expected
    assert search.counts(searched) == reference.counts(searched)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JOSÉ", ["app-0"]),  # SQLite's LIKE would find nothing: it folds ASCII only
        ("álvarez", ["app-0"]),
        ("STRASSE", ["app-0"]),  # ß folds to ss
        ("zoë", ["app-5"]),
        ("école", ["app-5"]),
        ("σίσυφος", ["app-5"]),  # final sigma
        ("ana", ["app-4", "app-1"]),
    ],
)
def test_search_folds_the_case_of_any_letter(
    search: ApplicantSearch, text: str, expected: list[str]
) -> None:
    assert search.ids(ApplicantFilter(search=text)) == expected
    assert search.counts(ApplicantFilter(search=text))["all"] == len(expected)


def test_the_reference_folds_as_the_search_does() -> None:
    # Two spellings of one rule: the reference checks something only if they agree.
    for text in ("Tromsø Łódź ÆSIR Ðorđe İstanbul", "Straße ΣΊΣΥΦΟΣ", "\ufb01ne", "محمد 東京"):
        assert folded(text) == fold_text(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python", ["app-1"]),  # in an answer
        ("tell", []),  # a question is not searched
        ("jose@", ["app-0"]),  # in an email
        ("scully", ["app-4"]),  # in a name
        ("%", ["app-6"]),  # no wildcards: each character stands for itself
        ("_", ["app-6"]),
        ("<script>", ["app-6"]),
        ("Ana\nSilva", ["app-1"]),  # words, whatever separates them
        ("silva python", ["app-1"]),  # every word, each anywhere: a name, an answer
        ("python  SILVA", ["app-1"]),  # in any order
    ],
)
def test_search_finds_name_email_and_answers(
    cache: LocalCache, query: ApplicantQuery, text: str, expected: list[str]
) -> None:
    with cache.session() as session:
        session.add(_application(6, "Eve", "eve@example.org", None, "100% <script>a_b"))
    search = ApplicantSearch(query)
    assert search.ids(ApplicantFilter(search=text)) == expected
    assert search.ids(ApplicantFilter(search=text)) == ReferenceSearch(cache, ME).ids(
        ApplicantFilter(search=text)
    )


def test_typing_deleting_and_retyping_give_what_the_reference_gives(
    query: TextCountingQuery, search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    # Each query narrows, widens, or neither: "na" and "n" lie inside "ana" but hold
    # applications it does not ("Nadia", "Anton").
    typed = ["a", "an", "ana", "an", "a", "", "ana", "na", "n", "nt", "anton", "x", "ant"]
    for text in typed:
        for applicant_filter in (
            ApplicantFilter(search=text),
            ApplicantFilter(search=text.upper()),
        ):
            assert search.ids(applicant_filter, SortKey.NAME) == reference.ids(
                applicant_filter, SortKey.NAME
            ), text
            assert search.counts(applicant_filter) == reference.counts(applicant_filter), text
    assert query.texts_read == 1


def test_a_blank_search_is_no_search(query: TextCountingQuery, search: ApplicantSearch) -> None:
    for text in ("", "   ", "\t"):
        assert search.ids(ApplicantFilter(search=text)) == query.ids()
        assert search.counts(ApplicantFilter(search=text, unmatched=True)) == query.counts()
    assert query.texts_read == 0


def test_a_search_is_words_each_found_anywhere(
    search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    # "Ana Silva" then "ana@" lie in different fields: as words they still match.
    for text in ("Ana Silva\nana@", "silva  ANA", "love\nPython"):
        expected = reference.ids(ApplicantFilter(search=text))
        assert expected
        assert search.ids(ApplicantFilter(search=text)) == expected
        assert search.counts(ApplicantFilter(search=text))["all"] == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jose alvarez", ["app-0"]),  # typed without accents
        ("JOSE", ["app-0"]),
        ("strasse", ["app-0"]),
        ("zoe", ["app-5"]),
        ("ecole", ["app-5"]),
        ("σισυφος", ["app-5"]),  # Greek without its tonos
    ],
)
def test_search_ignores_accents(search: ApplicantSearch, text: str, expected: list[str]) -> None:
    assert search.ids(ApplicantFilter(search=text)) == expected


def test_folding_keeps_letters_and_drops_marks() -> None:
    assert fold_text("Tromsø Łódź ÆSIR Ðorđe İstanbul") == "tromso lodz aesir dorde istanbul"
    assert fold_text("\ufb01ne \uff26\uff55\uff4c\uff4c") == "fine full"  # ligature, full width
    assert fold_text("محمد 東京") == "محمد 東京"  # other scripts stay
    assert fold("  Zoë\n  Adeyemi ") == "zoe adeyemi"


def test_narrowing_by_words_gives_what_a_fresh_search_gives(
    query: ApplicantQuery, search: ApplicantSearch
) -> None:
    typed = ["a", "an", "ana", "ana ", "ana s", "ana si", "ana sil", "ana s", "s ana", "silva"]
    for text in typed:
        fresh = ApplicantSearch(query)
        assert search.ids(ApplicantFilter(search=text)) == fresh.ids(
            ApplicantFilter(search=text)
        ), text


def test_without_identity_only_the_answers_are_searched(
    search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    # Answers without addresses or names.
    for text in ("silva", "ana@", "example.com", "python", "love python", "ana love"):
        blind = ApplicantFilter(search=text, search_identity=False)
        assert search.ids(blind) == reference.ids(blind), text
        assert search.counts(blind) == reference.counts(blind), text
    assert search.ids(ApplicantFilter(search="silva", search_identity=False)) == []
    assert search.ids(ApplicantFilter(search="python", search_identity=False)) == ["app-1"]


def test_blind_search_skips_what_blind_review_hides_in_the_answers(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    with cache.session() as session:
        session.get_one(CachedApplication, "app-1").answers = [
            ["GitHub", "https://github.com/anasilva"],
            ["Contact", "write to ana.s@mail.example, I'm Ana"],
            ["Why?", "I love Python"],
        ]
    search = ApplicantSearch(query)  # read after the change
    for text in ("anasilva", "github", "ana.s@mail", "ana"):
        assert "app-1" in search.ids(ApplicantFilter(search=text)), text
        assert "app-1" not in search.ids(ApplicantFilter(search=text, search_identity=False)), text
    assert search.ids(ApplicantFilter(search="love python", search_identity=False)) == ["app-1"]
    assert blind_text("Ana Silva\nana@example.com\nI'm Ana Silva, see www.ana.dev/cv") == (
        "i'm [name hidden], see [link hidden]"
    )


def test_forget_finds_changed_added_and_erased_applications(
    cache: LocalCache, search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    assert search.ids(ApplicantFilter(search="silva")) == ["app-1"]
    with cache.session() as session:
        session.get_one(CachedApplication, "app-1").name = "Ana Souza"
        session.get_one(CachedApplication, "app-2").answers = [["Tell us more", "Silva's"]]
        session.delete(session.get_one(CachedApplication, "app-4"))
        session.add(_application(6, "Silvana Reis", "sr@example.com", 1, "hello"))
    search.forget()
    for text in ("silva", "souza", "dana", "sil"):
        applicant_filter = ApplicantFilter(search=text)
        assert search.ids(applicant_filter) == reference.ids(applicant_filter), text
        assert search.counts(applicant_filter) == reference.counts(applicant_filter), text
    assert search.ids(ApplicantFilter(search="silva")) == ["app-6", "app-2"]


def test_an_application_newer_than_the_texts_is_found_in_a_new_list(
    cache: LocalCache, query: TextCountingQuery, search: ApplicantSearch
) -> None:
    assert search.ids(ApplicantFilter(search="reis")) == []
    with cache.session() as session:
        session.add(_application(6, "Silvana Reis", "sr@example.com", 1, "hello"))
    # Not forgotten, but the list of another order holds an id the texts lack.
    assert search.ids(ApplicantFilter(search="reis"), SortKey.NAME) == ["app-6"]
    assert query.texts_read == 2


def test_a_review_change_keeps_the_texts_and_reads_the_toggles_again(
    cache: LocalCache,
    query: TextCountingQuery,
    search: ApplicantSearch,
    reference: ReferenceSearch,
) -> None:
    mine = ApplicantFilter(search="a", needs_my_review=True, stage=Stage.NEW)
    assert search.ids(mine) == reference.ids(mine)
    review = ReviewService(cache, ME)
    review.set_check("app-4", "skill-python", CheckResult.MET)
    review.set_decision("app-0", Stage.INTERVIEW)
    review.assign_position("app-3", 1)
    search.forget(texts=False)
    assert search.ids(mine) == reference.ids(mine)
    for applicant_filter in FILTERS:
        searched = ApplicantFilter(**{**vars(applicant_filter), "search": "a"})
        assert search.counts(searched) == reference.counts(searched)
    assert query.texts_read == 1


def test_counts_of_a_search_ignore_the_toggles_and_follow_the_filter(
    search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    counts = search.counts(ApplicantFilter(search="example.com", duplicates=True))
    assert counts == {
        "all": 4,
        "needs_my_review": 3,  # José, Dana and Zoë: Ana's one check is done
        "unmatched": 0,
        "duplicates": 2,
        "conflicts": 0,
        "drafts": 2,  # José and Zoë
        "assigned_to_me": 0,
        "unassigned": 4,
    }
    assert counts == reference.counts(ApplicantFilter(search="example.com"))
    web = search.counts(ApplicantFilter(search="example", position="web"))
    assert web == reference.counts(ApplicantFilter(search="example", position="web"))
    assert web["all"] == 3


def test_the_list_and_its_counts_share_one_reading(
    query: TextCountingQuery, search: ApplicantSearch
) -> None:
    search.ids(ApplicantFilter(position="web"), SortKey.NAME, False)
    searched = ApplicantFilter(position="web", search="an", unmatched=True)
    search.warm(searched, SortKey.NAME, False)  # searched during the pause in typing
    assert query.texts_read == 1
    assert search.ids(searched, SortKey.NAME, False) == []
    assert search.counts(searched)["all"] == 2
    assert query.texts_read == 1


def test_two_workers_searching_at_once_read_the_texts_once(
    query: TextCountingQuery, search: ApplicantSearch, reference: ReferenceSearch
) -> None:
    # The window's list has two workers: a search typed while the texts are read waits.
    query.slowly = True
    searched = ApplicantFilter(search="an")
    listed: list[list[str]] = []
    first = threading.Thread(target=lambda: listed.append(search.ids(searched)))
    first.start()
    assert query.reading.wait(5)
    counts = search.counts(searched)
    first.join(5)
    assert listed == [reference.ids(searched)]
    assert counts == reference.counts(searched)
    assert query.texts_read == 1


class ListCountingQuery(TextCountingQuery):
    """Counts the lists read and the passes over every application's toggles too."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache)
        self.lists_read = 0
        self.toggle_passes = 0

    def ids(self, *args: object, **kwargs: object) -> list[str]:
        self.lists_read += 1
        return super().ids(*args, **kwargs)  # type: ignore[arg-type]

    def toggle_flags(
        self, base_filter: ApplicantFilter | None = None, within: Sequence[str] | None = None
    ) -> dict[str, int]:
        self.toggle_passes += within is None
        return super().toggle_flags(base_filter, within)


def test_a_check_recorded_during_a_search_reads_its_application_alone(
    cache: LocalCache, reference: ReferenceSearch
) -> None:
    query = ListCountingQuery(cache)
    search = ApplicantSearch(query)
    searched = ApplicantFilter(search="a", needs_my_review=True, stage=Stage.NEW)
    assert search.ids(searched) == reference.ids(searched)
    read = (query.texts_read, query.lists_read, query.toggle_passes)
    review = ReviewService(cache, ME)
    for key in ("skill-python", "skill-git-github"):  # app-0's checks: all done
        changes = review.set_check("app-0", key, CheckResult.MET)
        assert not changes.reorders
        search.forget(texts=False, changed=changes.applications, scope=changes.reorders)
        assert search.ids(searched) == reference.ids(searched)
        assert search.counts(searched) == reference.counts(searched)
    assert "app-0" not in search.ids(searched)
    # Neither the texts, nor the list the search scans, nor everyone's toggles again.
    assert (query.texts_read, query.lists_read, query.toggle_passes) == read
    # A decision moves an application out of a stage filter: that list is read again.
    changes = review.set_decision("app-5", Stage.INTERVIEW)
    assert changes.reorders
    search.forget(texts=False, changed=changes.applications, scope=changes.reorders)
    assert search.ids(searched) == reference.ids(searched)
    assert search.counts(searched) == reference.counts(searched)
    assert (query.texts_read, query.lists_read, query.toggle_passes) == (
        read[0], read[1] + 1, read[2]
    )  # fmt: skip


def test_a_first_search_takes_everyones_toggles_from_the_lists_counts(
    cache: LocalCache, reference: ReferenceSearch
) -> None:
    query = ListCountingQuery(cache)
    search = ApplicantSearch(query)
    search.counts(ApplicantFilter())  # the list's counts, shown before any search
    query.toggle_passes = 0
    for searched in (
        ApplicantFilter(search="a", needs_my_review=True),
        ApplicantFilter(search="a", position="web", drafts=True),
    ):
        assert search.ids(searched) == reference.ids(searched)
        assert search.counts(searched) == reference.counts(searched)
    assert query.toggle_passes == 0
    # The counts of one position's list are not everyone's; nor those before a review.
    for counted in (ApplicantFilter(position="web"), None):
        query = ListCountingQuery(cache)
        search = ApplicantSearch(query)
        search.counts(counted or ApplicantFilter())
        query.toggle_passes = 0
        if counted is None:
            changes = ReviewService(cache, ME).set_check("app-3", "skill-python", CheckResult.MET)
            search.forget(texts=False, changed=changes.applications, scope=False)
        searched = ApplicantFilter(search="a", needs_my_review=True)
        assert search.ids(searched) == reference.ids(searched)
        assert query.toggle_passes == 1


def test_toggles_without_a_search_filter_the_list_read_by_the_bits_the_counts_keep(
    cache: LocalCache, reference: ReferenceSearch
) -> None:
    query = ListCountingQuery(cache)
    search = ApplicantSearch(query)
    review = ReviewService(cache, ME)
    for base in (ApplicantFilter(), ApplicantFilter(position="web", stage=Stage.NEW)):
        for sort in (SortKey.SUBMITTED, SortKey.NAME):
            assert search.ids(base, sort) == reference.ids(base, sort)  # the list, read
            lists = query.lists_read
            for applicant_filter in FILTERS:
                toggled = ApplicantFilter(
                    **{**vars(applicant_filter), "position": base.position, "stage": base.stage}
                )
                assert search.ids(toggled, sort) == reference.ids(toggled, sort), toggled
            changes = review.set_check("app-4", "skill-python", CheckResult.NOT_MET)
            search.forget(texts=False, changed=changes.applications, scope=changes.reorders)
            mine = ApplicantFilter(needs_my_review=True, position=base.position, stage=base.stage)
            assert search.ids(mine, sort) == reference.ids(mine, sort)
            assert query.lists_read == lists  # filtered in memory, not queried
            review.clear_check("app-4", "skill-python")
            search.forget()


def test_a_decision_keeps_a_list_neither_filtered_nor_sorted_by_stage_or_position(
    cache: LocalCache, reference: ReferenceSearch
) -> None:
    query = ListCountingQuery(cache)
    search = ApplicantSearch(query)
    review = ReviewService(cache, ME)
    for sort, kept in ((SortKey.SUBMITTED, True), (SortKey.NAME, True), (SortKey.STAGE, False)):
        searched = ApplicantFilter(search="a", needs_my_review=True)
        assert search.ids(searched, sort) == reference.ids(searched, sort)
        lists = query.lists_read
        for write in (
            lambda: review.set_decision("app-1", Stage.INTERVIEW),
            lambda: review.assign_position("app-3", 2),
            lambda: review.assign(["app-2"], [ME]),
        ):
            changes = write()
            assert changes.reorders
            search.forget(texts=False, changed=changes.applications, scope=changes.reorders)
            assert search.ids(searched, sort) == reference.ids(searched, sort)
            assert search.counts(searched) == reference.counts(searched)
        assert (query.lists_read == lists) is kept, sort
        review.undo()
        review.undo()
        review.undo()
        search.forget()
