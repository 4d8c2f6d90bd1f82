"""UTF-8 with a few damaged bytes is read as UTF-8, each damaged byte named by its line."""

from __future__ import annotations

from reviewer_app.storage.damaged_utf8 import damaged_lines_text, mostly_utf8
from reviewer_app.storage.text_repair import decode_bytes, decode_text

GOOD = "Name,Why\nJosé,Ich möchte helfen, gern\nZoë,Très bien\nSøren,Ja\n王小明,你好世界\n"


def test_a_stray_byte_in_utf8_is_read_as_one_damaged_character_on_its_line() -> None:
    # Read as Windows-1252, every other accented letter became mojibake.
    data = GOOD.encode() + b"Bob,cut here " + b"\xe4\xbd" + b" more\n"
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.how, decoded.damaged_lines) == ("UTF-8", "damaged", (6,))
    assert decoded.text == GOOD + "Bob,cut here \ufffd more\n"


def test_a_file_cut_short_inside_a_character_is_utf8_cut_short() -> None:
    decoded = decode_bytes("Name\nJosé\n你".encode()[:-1])
    assert (decoded.how, decoded.text) == ("damaged", "Name\nJosé\n\ufffd")


def test_legacy_text_is_not_taken_for_damaged_utf8() -> None:
    for text in ("Name\nJosé", "Name\nJosé Muñoz\nZoë\n", "Name\nSø\n"):
        decoded = decode_bytes(text.encode("cp1252"))
        assert (decoded.text, decoded.encoding) == (text, "Windows-1252"), text
    assert mostly_utf8("Zoë".encode("cp1252")) is None


def test_too_many_damaged_bytes_are_no_longer_utf8() -> None:
    data = ("é" * 2000).encode() + b"\xe4\xbd " * 60
    assert mostly_utf8(data) is None


def test_a_few_rows_in_windows_1252_among_utf8_ones_are_not_damage() -> None:
    # Each was made "�" for good; read as Windows-1252, the UTF-8 rows are repaired.
    rows = "".join(f"Gaël Léa {n},g{n}@x.org\n" for n in range(60)).encode()
    data = b"Name,Email\n" + rows + "Renée Côté,r@x.org\n".encode("cp1252")
    assert mostly_utf8(data) is None


def test_a_position_file_says_which_lines_are_damaged() -> None:
    text, said = decode_text(GOOD.encode() + b"x\xe4\xbd\n")
    assert text.endswith("x\ufffd\n")
    assert said == 'UTF-8, with damaged bytes read as "\ufffd" (line 6)'
    assert damaged_lines_text((3, 3, 9, 10, 11, 12, 13, 14)) == "lines 3, 9, 10, 11, 12 and 2 more"
