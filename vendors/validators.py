"""Validators for vendor identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

LEI_PATTERN = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")


def lei_checksum(lei: str) -> int:
    """ISO 17442 (ISO 7064 MOD 97-10): letters count as 10–35; a valid LEI leaves remainder 1."""
    return int("".join(str(int(char, 36)) for char in lei)) % 97


def validate_lei(value: str) -> None:
    if not LEI_PATTERN.match(value):
        raise ValidationError(
            "An LEI is 20 characters: 18 capital letters or digits followed by 2 check digits (ISO 17442).",
            code="lei_format",
        )
    if lei_checksum(value) != 1:
        raise ValidationError(
            "The check digits of this LEI do not match (ISO 17442): look for a mistyped character.",
            code="lei_checksum",
        )
