"""Demo classifications: each demo system answered as its real procurement situation would be.

Saved through `classification_save`, so the snapshots are audited and the regulatory
deadlines, required documents and red flags that follow a classification are created
the same way a user's questionnaire would create them.
"""

from __future__ import annotations

from collections import Counter

from assessments.models import Classification
from assessments.services import classification_save
from core.access import Actor
from core.demo import DemoContext, register_demo_step
from core.models import Organisation
from vendors.models import AiSystem

WE_DEPLOY = {"org.uses_under_own_authority": True}
# A chatbot of ours on a vendor's systemic-risk model that we fine-tuned far below a third of its compute:
# pack 2026.2 wrongly gave us the model maker's Art 53 and 55 duties, 2026.3 does not.
FINE_TUNED_ON_A_VENDOR_MODEL = {
    "system.interacts_with_persons": True,
    "model.is_gpai": True,
    "model.training_compute_flop": 3e25,
    "org.modifies_gpai_model": True,
    "org.modification_compute_flop": 2e21,
    "org.develops_or_commissions": True,
    "org.markets_under_own_name": True,
}

DEMO_ANSWERS: dict[str, dict] = {
    # HR SaaS ranking applicants' CVs: Annex III 4(a), profiling, we deploy it as employer.
    "TalentLens Screen": {
        **WE_DEPLOY,
        "system.annex_iii_points": ["4a"],
        "system.profiles_natural_persons": True,
        "org.is_employer_using_at_workplace": True,
        "vendor.established_in_eu": True,
    },
    # A vendor's support chatbot on a foundation-model API: Art 50(1) transparency for us as deployer.
    "Brightdesk Assist": {**WE_DEPLOY, "system.interacts_with_persons": True, "model.is_gpai": True},
    # Face matching of shoppers against a watch list: Annex III 1(a), partial standards, non-EU vendor.
    "StoreSafe Face Match": {
        **WE_DEPLOY,
        "system.annex_iii_points": ["1a"],
        "system.profiles_natural_persons": True,
        "system.harmonised_standards": "partial",
        "vendor.established_in_eu": False,
    },
    # Consumer credit scoring: Annex III 5(b), so even a private deployer owes a FRIA (Art 27).
    "KW Score Consumer": {
        **WE_DEPLOY,
        "system.annex_iii_points": ["5b"],
        "system.profiles_natural_persons": True,
        "system.harmonised_standards": "full",
    },
    # Shelf analytics from a non-EU vendor: minimal risk, nothing personal.
    "Lumen Shelf Insights": {**WE_DEPLOY, "vendor.established_in_eu": False},
    # A public body's benefits-eligibility triage: Annex III 5(a), public authority deployer.
    "Dossier Triage": {
        **WE_DEPLOY,
        "system.annex_iii_points": ["5a"],
        "system.profiles_natural_persons": True,
        "org.is_public_authority": True,
        "org.public_body_or_public_service": True,
    },
    # A public body's website assistant that we built on the Helix-4 API, lightly fine-tuned on our
    # procedures and run under our own name: we provide the system, not Helix-4 (Art 53 to 55 stay with Helix).
    "Démarches Assistant": {**WE_DEPLOY, **FINE_TUNED_ON_A_VENDOR_MODEL},
}

# Classified before rule pack 2026.3, which told the buyer it owed the model maker's Art 53 and 55 duties:
# its re-classification waits on the Re-classification page for compliance to confirm.
DEMO_PACK_VERSIONS = {"Démarches Assistant": "2026.2"}


def seed_classifications(organisation: Organisation, actor: Actor) -> Counter[str]:
    """Classify each demo system once; a system that already has a snapshot is left as it is."""
    counts: Counter[str] = Counter()
    classified = Classification.objects.filter(organisation=organisation).values("ai_system")
    systems = AiSystem.objects.filter(organisation=organisation, name__in=DEMO_ANSWERS).exclude(pk__in=classified)
    for system in systems:
        classification_save(
            actor=actor,
            ai_system=system,
            answers=DEMO_ANSWERS[system.name],
            note="Demo data: initial assessment.",
            pack_version=DEMO_PACK_VERSIONS.get(system.name),
        )
        counts["classifications"] += 1
    return counts


@register_demo_step(order=20)
def seed_demo_classifications(context: DemoContext) -> Counter[str]:
    """Classifications of the demo systems."""
    return seed_classifications(context.organisation, context.actor)
