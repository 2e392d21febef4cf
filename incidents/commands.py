"""The shared shape of `incident_assess` and `penalty_exposure`: answers file in, one JSON object out."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.management.base import BaseCommand

from incidents.answers_file import read_answers
from incidents.assessment import AnswersError

EXIT_REFUSED = 2


class AssessmentCommand(BaseCommand):
    """Exit 0 with the result on stdout; refused answers: exit 2, one `key: problem` line each on stderr."""

    # Pure computation on a file: neither the URLconf nor the database checks are needed.
    requires_system_checks = []
    assess: Callable[[dict], dict]

    def add_arguments(self, parser):
        parser.add_argument("--answers", required=True, help="JSON or YAML file of answers, or - for standard input")

    def handle(self, *args, answers: str, **options):
        parsed, problems = read_answers(answers)
        if not problems:
            try:
                result = type(self).assess(parsed)
            except AnswersError as error:
                problems = [f"{key}: {problem}" for key, messages in error.errors.items() for problem in messages]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise SystemExit(EXIT_REFUSED)
        self.stdout.write(json.dumps(result, indent=2))
