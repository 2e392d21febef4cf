"""`manage.py incident_assess --answers FILE`: the serious-incident assessment (spec/incidents.md §1)."""

from incidents.assessment import assess_incident
from incidents.commands import AssessmentCommand


class Command(AssessmentCommand):
    help = "Assess a possible serious incident (Art 3(49), 73, 26(5)) and print the result as JSON."
    assess = staticmethod(assess_incident)
