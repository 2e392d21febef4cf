"""`manage.py classify --answers FILE.json [--timeline T] [--pack VERSION]`: the contract on the command line.

Prints the result as one JSON object and exits 0. Refused answers print nothing on
stdout, one `key: problem` line per problem on stderr, and exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from assessments import services

EXIT_REFUSED = 2


class Command(BaseCommand):
    help = "Classify an answer set with the EU AI Act rule pack and print the result as JSON."
    # Pure computation on a file: it needs neither the URLconf nor the database checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--answers", required=True, help="JSON file of answers, or - for standard input")
        parser.add_argument("--timeline", help=f"timeline of application dates (default: {services.DEFAULT_TIMELINE})")
        parser.add_argument("--pack", help="a retained rule pack version, such as 2026.2 (default: the newest)")

    def handle(self, *args, answers: str, timeline: str | None, pack: str | None = None, **options):
        parsed, problems = _read_answers(answers)
        if not problems:
            try:
                result = services.classify(answers=parsed, timeline=timeline, pack_version=pack)
            except ValidationError as error:
                problems = [f"{key}: {message}" for key, messages in error.message_dict.items() for message in messages]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise SystemExit(EXIT_REFUSED)
        self.stdout.write(json.dumps(result, indent=2))


def _read_answers(source: str) -> tuple[dict, list[str]]:
    """(answers, problems): the answers object, or why it cannot be read."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        return {}, [f"answers: cannot read {source}: {error.strerror}"]
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [f"answers: not valid JSON: {error}"]
    if not isinstance(answers, dict):
        return {}, ["answers: expected a JSON object of answer keys to values"]
    return answers, []
