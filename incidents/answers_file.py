"""Reading an answers file (JSON or YAML) for the assessment commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


class _TextTimestamps(yaml.SafeLoader):
    """YAML without implicit timestamps: a date-time stays the text the contract checks."""


_TextTimestamps.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_answers(source: str) -> tuple[dict, list[str]]:
    """(answers, problems): the answers object from a file (or - for standard input), or why not."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"answers: cannot read {source}: {getattr(error, 'strerror', None) or error}"]
    try:
        answers = json.loads(text)
    except json.JSONDecodeError:
        try:
            answers = yaml.load(text, Loader=_TextTimestamps)  # a SafeLoader subclass
        except yaml.YAMLError as error:
            return {}, [f"answers: neither JSON nor YAML: {str(error).splitlines()[0]}"]
    if not isinstance(answers, dict):
        return {}, ["answers: expected an object of answer keys to values"]
    return answers, []
