"""Tests of reviewer_app/domain/name_order.py: a dictionary's order of names."""

from __future__ import annotations

from reviewer_app.domain.name_order import name_order, name_sort_key


def _ordered(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_case_and_accents_do_not_push_a_name_to_the_end() -> None:
    names = ["Zoë Adeyemi", "ana lima", "Łukasz", "Bruno", "Ágata", "Émile", "Zed"]
    ordered = ["Ágata", "ana lima", "Bruno", "Émile", "Łukasz", "Zed", "Zoë Adeyemi"]
    assert _ordered(names) == ordered


def test_spellings_equal_but_for_case_and_accents_sit_together_in_a_fixed_order() -> None:
    names = ["Ágata", "Bruno", "agata", "Agata"]
    assert _ordered(names) == ["Agata", "agata", "Ágata", "Bruno"]
    assert _ordered(list(reversed(names))) == _ordered(names)


def test_a_shorter_name_comes_before_the_longer_one_it_begins() -> None:
    assert _ordered(["Anabela", "Ana Lima", "Ana"]) == ["Ana", "Ana Lima", "Anabela"]


def test_punctuation_and_repeated_spaces_are_ignored() -> None:
    assert _ordered(["Obrien", "'Zara'", "O'Brien Ng", " Ana   Lima "]) == [
        " Ana   Lima ",
        "Obrien",
        "O'Brien Ng",
        "'Zara'",
    ]


def test_letters_without_a_decomposition_sort_as_their_plain_spelling() -> None:
    assert _ordered(["Pablo", "Ørjan", "Ælfric", "Orla", "Ada"]) == [
        "Ada",
        "Ælfric",
        "Ørjan",
        "Orla",
        "Pablo",
    ]


def test_other_scripts_come_after_latin_in_a_stable_order() -> None:
    names = ["李娜", "Дмитрий", "Zoë", "Анна", "Ωmega", "ana"]
    assert _ordered(names) == ["ana", "Zoë", "Ωmega", "Анна", "Дмитрий", "李娜"]


def test_a_name_with_no_letter_gives_the_empty_key() -> None:
    assert name_sort_key("") == name_sort_key("  ") == name_sort_key("?!") == ""
    assert name_sort_key("A") != ""


def test_python_sorts_put_nameless_people_last_as_the_list_does() -> None:
    names = ["—", "bruno", "***", "Ágata", "", "Łukasz", "Agata"]
    assert sorted(names, key=name_order) == ["Agata", "Ágata", "bruno", "Łukasz", "", "***", "—"]
    # The same whatever order they came in (a set's, say).
    assert sorted(reversed(names), key=name_order) == sorted(names, key=name_order)
