"""ISO 3166-1 countries and the European Economic Area."""

import pycountry

COUNTRY_CHOICES = sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda pair: pair[1])
COUNTRY_CODES = frozenset(code for code, _ in COUNTRY_CHOICES)

# EU Member States plus Iceland, Liechtenstein and Norway: the AI Act applies in the
# whole EEA, so a vendor established there needs no EU authorised representative.
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def is_eea(code: str) -> bool:
    return code in EEA_COUNTRIES
