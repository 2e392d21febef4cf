"""The condition language of rule packs, compiled once at load and evaluated without `eval`.

A condition is YAML data:

    all: [cond, ...]          every one holds
    any: [cond, ...]          at least one holds
    not: cond                 the condition does not hold
    equals: [key, value]      the key's value equals the literal
    in: [key, [v1, v2]]       the key's value is one of the literals
    contains: [key, value]    the key's list value contains the literal
    nonempty: key             the key's list value has at least one member
    gt / gte: [key, operand]  the key's number is greater (or equal); the operand is a number or another key
    before: [key, date]       the key's ISO date is earlier than the literal date (or than another key's date)
    answered: key             the person answered the key (a default does not count)
    key                       shorthand for `equals: [key, true]`

Evaluating a condition returns whether it holds and the plain statements that made it
hold (or fail); those statements become the `because` of the trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class PackError(ValueError):
    """A rule pack that cannot be trusted; the message names the place of the problem."""


class Reader(Protocol):
    def value(self, key: str) -> Any: ...

    def is_answered(self, key: str) -> bool: ...


Outcome = tuple[bool, list[str]]
KeyCheck = Callable[[str, str], None]  # (key, place) → raises PackError for a key the pack does not know


@dataclass(frozen=True)
class Condition:
    """A compiled condition: call it with a reader; `keys` are the keys it reads."""

    test: Callable[[Reader], Outcome]
    keys: frozenset[str]

    def __call__(self, reader: Reader) -> Outcome:
        return self.test(reader)


def show(value: Any) -> str:
    """A value as a person reads it in a trace."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)


def compile_condition(raw: Any, place: str, check_key: KeyCheck) -> Condition:
    if isinstance(raw, str):
        check_key(raw, place)
        return _is_true(raw)
    if not isinstance(raw, dict) or len(raw) != 1:
        raise PackError(f"{place}: a condition is a key or a mapping with exactly one operator")
    operator, argument = next(iter(raw.items()))
    compiler = _COMPILERS.get(operator)
    if compiler is None:
        raise PackError(f"{place}: unknown condition operator '{operator}'")
    return compiler(argument, f"{place}.{operator}", check_key)


def _is_true(key: str) -> Condition:
    def test(reader: Reader) -> Outcome:
        value = reader.value(key)
        return (True, [f"{key} is true"]) if value is True else (False, [f"{key} is {show(value)}"])

    return Condition(test, frozenset({key}))


def _junction(decisive: bool):
    """`all` (decisive False) and `any` (decisive True): the first part whose verdict is decisive
    gives the answer with its own reasons; otherwise the reasons of every part."""

    def compile_junction(argument: Any, place: str, check_key: KeyCheck) -> Condition:
        parts = _compile_list(argument, place, check_key)

        def test(reader: Reader) -> Outcome:
            reasons: list[str] = []
            for part in parts:
                held, why = part(reader)
                if bool(held) is decisive:
                    return decisive, why
                reasons += why
            return not decisive, reasons

        return Condition(test, _keys_of(parts))

    return compile_junction


def _compile_not(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    inner = compile_condition(argument, place, check_key)

    def test(reader: Reader) -> Outcome:
        held, why = inner(reader)
        return (not held), why

    return Condition(test, inner.keys)


def _compile_list(argument: Any, place: str, check_key: KeyCheck) -> list[Condition]:
    if not isinstance(argument, list) or not argument:
        raise PackError(f"{place}: expected a non-empty list of conditions")
    return [compile_condition(item, f"{place}[{index}]", check_key) for index, item in enumerate(argument)]


def _keys_of(parts: Sequence[Condition]) -> frozenset[str]:
    return frozenset().union(*(part.keys for part in parts))


def _key_and_operand(argument: Any, place: str, check_key: KeyCheck) -> tuple[str, Any]:
    if not isinstance(argument, list) or len(argument) != 2 or not isinstance(argument[0], str):
        raise PackError(f"{place}: expected [key, value]")
    check_key(argument[0], place)
    return argument[0], argument[1]


def _single_key(argument: Any, place: str, check_key: KeyCheck) -> str:
    if not isinstance(argument, str):
        raise PackError(f"{place}: expected a key")
    check_key(argument, place)
    return argument


def _compile_equals(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key, expected = _key_and_operand(argument, place, check_key)

    def test(reader: Reader) -> Outcome:
        value = reader.value(key)
        if value == expected and type(value) is type(expected):
            return True, [f"{key} is {show(expected)}"]
        return False, [f"{key} is {show(value)}, not {show(expected)}"]

    return Condition(test, frozenset({key}))


def _compile_in(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key, choices = _key_and_operand(argument, place, check_key)
    if not isinstance(choices, list) or not choices:
        raise PackError(f"{place}: expected [key, [values]]")

    def test(reader: Reader) -> Outcome:
        value = reader.value(key)
        if value in choices:
            return True, [f"{key} is {show(value)}"]
        return False, [f"{key} is {show(value)}, not one of {show(choices)}"]

    return Condition(test, frozenset({key}))


def _compile_contains(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key, member = _key_and_operand(argument, place, check_key)

    def test(reader: Reader) -> Outcome:
        value = reader.value(key)
        if isinstance(value, list) and member in value:
            return True, [f"{key} contains {show(member)}"]
        return False, [f"{key} does not contain {show(member)}"]

    return Condition(test, frozenset({key}))


def _compile_nonempty(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key = _single_key(argument, place, check_key)

    def test(reader: Reader) -> Outcome:
        value = reader.value(key)
        if isinstance(value, list) and value:
            return True, [f"{key} is {show(value)}"]
        return False, [f"{key} is empty"]

    return Condition(test, frozenset({key}))


def _compile_answered(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key = _single_key(argument, place, check_key)

    def test(reader: Reader) -> Outcome:
        if reader.is_answered(key):
            return True, [f"{key} is answered"]
        return False, [f"{key} is not answered"]

    return Condition(test, frozenset({key}))


def _comparison(symbol: str, compare: Callable[[float, float], bool]):
    def compile_comparison(argument: Any, place: str, check_key: KeyCheck) -> Condition:
        key, operand = _key_and_operand(argument, place, check_key)
        keys = {key}
        if isinstance(operand, str):
            check_key(operand, place)
            keys.add(operand)
        elif not is_number(operand):
            raise PackError(f"{place}: the operand must be a number or a key")

        def test(reader: Reader) -> Outcome:
            value = reader.value(key)
            limit = reader.value(operand) if isinstance(operand, str) else operand
            limit_text = f"{operand} ({show(limit)})" if isinstance(operand, str) else show(limit)
            if is_number(value) and is_number(limit) and compare(value, limit):
                return True, [f"{key} ({show(value)}) {symbol} {limit_text}"]
            return False, [f"{key} ({show(value)}) is not {symbol} {limit_text}"]

        return Condition(test, frozenset(keys))

    return compile_comparison


def _compile_before(argument: Any, place: str, check_key: KeyCheck) -> Condition:
    key, operand = _key_and_operand(argument, place, check_key)
    literal = parse_date(operand)
    if literal is None and not isinstance(operand, str):
        raise PackError(f"{place}: expected [key, YYYY-MM-DD] or [key, key]")
    if literal is None:
        check_key(operand, place)

    def test(reader: Reader) -> Outcome:
        value = parse_date(reader.value(key))
        limit = literal or parse_date(reader.value(operand))
        limit_text = str(limit) if literal else f"{operand} ({show(limit)})"
        if value is not None and limit is not None and value < limit:
            return True, [f"{key} ({value}) is before {limit_text}"]
        return False, [f"{key} ({show(value)}) is not before {limit_text}"]

    return Condition(test, frozenset({key} if literal else {key, operand}))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO `YYYY-MM-DD` string (or a date YAML already parsed); None otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


_COMPILERS = {
    "all": _junction(decisive=False),
    "any": _junction(decisive=True),
    "not": _compile_not,
    "equals": _compile_equals,
    "in": _compile_in,
    "contains": _compile_contains,
    "nonempty": _compile_nonempty,
    "answered": _compile_answered,
    "gt": _comparison(">", lambda value, limit: value > limit),
    "gte": _comparison(">=", lambda value, limit: value >= limit),
    "before": _compile_before,
}
