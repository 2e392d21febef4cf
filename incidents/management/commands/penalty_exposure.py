"""`manage.py penalty_exposure --answers FILE`: the ceiling of a fine (spec/incidents.md §2)."""

from incidents.assessment import penalty_exposure
from incidents.commands import AssessmentCommand


class Command(AssessmentCommand):
    help = "Compute the Art 99-101 ceiling of a fine for one kind of infringement and print it as JSON."
    assess = staticmethod(penalty_exposure)
