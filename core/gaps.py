from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    code: str
    message: str
    severity: str
