"""Which headers name the email, the submitted time and the position, in the form's language.

Keys are header keys as :func:`reviewer_app.intake.columns.header_key` makes them (case,
spacing, punctuation and accents left out), so "Correo electrónico:", "CORREO
ELECTRONICO" and "Correo electro\u0301nico *" agree. The name's headers are
:mod:`reviewer_app.intake.name_columns`'.

Languages: English, French, German, Spanish, Portuguese, Italian, Dutch, Polish and
Turkish, as for the name. Each but English is written day first ("15/03/2026"), so a
submitted-time header in one of them breaks a tie in how the file's dates are read
(:func:`header_date_order`); never more, as a sheet's headers follow the user's
language and its dates the sheet's locale.
"""

from __future__ import annotations

import re

from reviewer_app.intake.timestamps import DAY_FIRST

EMAIL_KEYS = frozenset({
    # English; "E-mail" and "Email address" give the same keys.
    "email", "emailaddress", "youremail", "youremailaddress", "mail", "mailaddress",
    # Spanish
    "correoelectronico", "direcciondecorreoelectronico", "direcciondecorreo",
    "direcciondeemail", "tucorreo", "tucorreoelectronico", "sucorreoelectronico",
    # Portuguese
    "enderecodeemail", "enderecoeletronico", "correioeletronico", "correioelectronico",
    "seuemail", "oseuemail", "seuenderecodeemail",
    # French
    "adresseemail", "adressemail", "adresseelectronique", "adressedemessagerie",
    "adressecourriel", "courriel", "votreemail", "votreadresseemail", "votrecourriel",
    # German
    "emailadresse", "mailadresse", "ihreemail", "ihreemailadresse", "deineemail",
    "deineemailadresse",
    # Italian
    "indirizzoemail", "indirizzodiemail", "postaelettronica", "indirizzodipostaelettronica",
    "latuaemail", "iltuoindirizzoemail",
    # Dutch
    "emailadres", "uwemailadres", "jeemailadres", "jouwemailadres",
    # Polish
    "adresemail", "adrespocztyelektronicznej", "twojemail", "twojadresemail",
    # Turkish
    "eposta", "epostaadresi", "epostaadresiniz", "emailadresi", "mailadresi",
})  # fmt: skip
"""Header keys of the applicant's email column."""

_ENGLISH_TIMES = frozenset({
    "submittedat", "timestamp", "date", "creationlog", "submitted", "submissiondate",
    "completiontime",
})  # fmt: skip
_DAY_FIRST_TIMES = frozenset({
    # Google Forms' timestamp column, in Spanish, Portuguese, French, German, Italian,
    # Dutch, Polish and Turkish.
    "marcatemporal", "carimbodedatahora", "horodateur", "zeitstempel",
    "informazionicronologiche", "tijdstempel", "sygnaturaczasowa", "zamandamgasi",
    # Microsoft Forms' "Completion time"
    "horadefinalizacion", "horadeconclusao", "heuredefin", "heuredachevement",
    "fertigstellungszeit", "abschlusszeit", "endzeit", "oradicompletamento", "oradifine",
    "tijdstipvanvoltooien", "voltooiingstijd", "eindtijd", "godzinaukonczenia",
    "czasukonczenia", "godzinazakonczenia", "tamamlanmasaati", "bitissaati",
    # A form tool's submission date (Jotform's "Submission Date"), and a bare "Date"
    "fechadeenvio", "datadeenvio", "datedesoumission", "datedenvoi", "einreichungsdatum",
    "ubermittlungsdatum", "datadiinvio", "inzendingsdatum", "dataprzeslania",
    "gonderimtarihi", "fecha", "datum", "tarih",
})  # fmt: skip
# Microsoft Forms' "Start time": the submitted time only when no completion time is there.
_ENGLISH_STARTS = frozenset({"starttime"})
_DAY_FIRST_STARTS = frozenset({
    "horadeinicio", "heurededebut", "startzeit", "oradiinizio",
    "begintijd", "starttijd", "godzinarozpoczecia", "czasrozpoczecia", "baslangicsaati",
})  # fmt: skip

SUBMITTED_AT_KEYS = _ENGLISH_TIMES | _DAY_FIRST_TIMES
"""Header keys of the submitted-time column."""
START_TIME_KEYS = (_ENGLISH_STARTS | _DAY_FIRST_STARTS) - SUBMITTED_AT_KEYS
"""Header keys of a form's start time, the submitted time only without a column above."""

POSITION_KEYS = frozenset({
    # English
    "position", "positionapplyingfor", "positionyoureapplyingfor", "positionappliedfor",
    "positionyouareapplyingfor", "role", "roleapplyingfor", "roleyouareapplyingfor",
    # Spanish
    "puesto", "puestosolicitado", "puestoalquepostulas", "puestoalqueaplicas", "posicion",
    "cargo", "cargosolicitado", "vacante",
    # Portuguese
    "vaga", "vagapretendida", "cargopretendido", "posicao", "funcao", "funcaopretendida",
    # French
    "poste", "postesouhaite", "postevise", "postedemande",
    # German
    "stelle", "gewunschteposition", "gewunschtestelle",
    # Italian
    "posizione", "posizionedesiderata", "ruolodesiderato",
    # Dutch
    "functie", "positie", "vacature", "gewenstefunctie",
    # Polish
    "stanowisko", "wybranestanowisko",
    # Turkish
    "pozisyon", "basvurulanpozisyon", "basvurdugunuzpozisyon",
})  # fmt: skip
"""Header keys of the column of the position applied for."""

POSITION_QUESTION = re.compile(
    r"(?:which|what)(?:volunteer)?(?:position|role|opening|vacancy)s?"
    r"(?:areyou|doyou|wouldyou|doyouwantto|wouldyouliketo)"
    r"(?:applyingfor|applyfor|interestedin|volunteerfor|volunteeringfor)"
)
"""A header key that asks for the position: "Which position are you applying for?",
"What role are you interested in?". The position's column when no header names it."""


# Ordinary one-word questions as often as they are the field's header: "Cargo" next to
# "Empresa" asks for the current job, "Datum" may ask for a start date. Each is the
# field's column only when no other header names it (see :func:`header_rank`).
_BARE_POSITIONS = frozenset({
    "puesto", "posicion", "cargo", "vacante", "vaga", "posicao", "funcao", "poste",
    "stelle", "posizione", "functie", "positie", "vacature", "stanowisko", "pozisyon",
    "role",
})  # fmt: skip
_BARE_TIMES = frozenset({"fecha", "datum", "tarih"})
_BARE_WORDS = _BARE_POSITIONS | _BARE_TIMES


def header_rank(key: str) -> int:
    """How surely a header key names its field: 0 an English key or a phrase, 2 a bare
    word ("Cargo", "Role"), 1 a form's start time (the submitted time without a
    completion time) or a question asking for the position (:data:`POSITION_QUESTION`).
    Of two columns of one field, the lower rank is the field's.

    Args:
        key: A header key in one of this module's sets.
    """
    if key in _BARE_WORDS:
        return 2
    return 1 if key in START_TIME_KEYS or POSITION_QUESTION.fullmatch(key) else 0


def header_date_order(key: str) -> str | None:
    """How a submitted-time column's language writes its dates: ``DAY_FIRST`` or None.

    Args:
        key: The column's header key.
    """
    if key in _DAY_FIRST_TIMES or key in _DAY_FIRST_STARTS:
        return DAY_FIRST
    return None
