"""Which documents an application needs, from its talent category and its answers.

A pure table, like rules.py: the documents page shows it as a checklist with what is uploaded
ticked, and the officer's verification asks for the same things. Only the evidence of the
talent category stops submission (operations.missing_for_submit); the rest are what the
officer checks, so a person sees them before they are asked.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from housing.models import Application

#: What proves each talent category (the district plan's categories).
CATEGORY_EVIDENCE = {
    "leading": _l("Certificate of a national or municipal leading-talent programme or award"),
    "high_level": _l("Senior professional title, or certificate of a high-level talent programme"),
    "key_industry": _l("Employer's certificate of your post in a key industry"),
    "overseas": _l("Overseas degree certificate, or foreign expert's work permit"),
    "skilled": _l("Vocational qualification certificate (senior technician or above)"),
    "young": _l("Graduation certificate of the last five years"),
    "social_governance": _l(
        "Employer's certificate of your post in education, health, culture or law"
    ),
}


@dataclass(frozen=True)
class Needed:
    kind: str  # a key of documents.KINDS
    why: object  # a lazy string saying what exactly is needed
    required: bool  # True: submission waits for it
    uploaded: bool


def checklist(application: Application, employment_confirmed: bool = False) -> list[Needed]:
    """The documents this application needs, in the order a person gathers them.

    When the named enterprise has confirmed the employment (housing/employers/), its answer
    stands in for the labour contract: the item shows as done, and the officer does not ask."""
    have = {d.kind for d in application.documents}
    if employment_confirmed:
        have.add("employment")
    items: list[tuple[str, object, bool]] = [
        ("id_card", _l("A copy of the identity document you registered with"), False),
    ]
    evidence = CATEGORY_EVIDENCE.get(
        application.category or "", _l("Choose your talent category first (step one)")
    )
    items.append(("category_evidence", evidence, True))
    if application.employer_id is not None and employment_confirmed:
        items.append(("employment", _l("Confirmed by your employer: no document needed"), False))
    elif application.employer_id is not None:
        items.append(("employment", _l("Labour contract or employer's certificate"), False))
    if application.returnee:
        items.append(
            ("returnee", _l("Overseas study certificate and the date you returned"), False)
        )
    if application.degree not in (None, "none") or application.category == "young":
        items.append(("degree", _l("Your highest degree certificate"), False))
    items.append(("social_insurance", _l("Shanghai social insurance record"), False))
    if application.members:
        items.append(
            ("household", _l("Marriage and birth certificates of the household members"), False)
        )
    return [Needed(kind, why, required, kind in have) for kind, why, required in items]
