import pytest
from django.core.exceptions import ValidationError

from vendors.validators import validate_lei


@pytest.mark.parametrize("lei", ["5493001KJTIIGC8Y1R12", "5299TALENTLENS0DE083", "2138ARGUSVISION0UK42"])
def test_it_accepts_leis_with_valid_check_digits(lei):
    validate_lei(lei)


@pytest.mark.parametrize(
    ("lei", "fragment"),
    [
        ("5493001KJTIIGC8Y1R13", "check digits"),  # last digit mistyped
        ("5493001KJTIIGC8Y1R21", "check digits"),  # check digits swapped
        ("5493001KJTIIGC8Y1R1", "20 characters"),  # too short
        ("5493001KJTIIGC8Y1RAB", "20 characters"),  # check digits must be digits
        ("5493001kjtiigc8y1r12", "20 characters"),  # stored upper-case by the service
    ],
)
def test_it_refuses_malformed_leis_with_a_clear_message(lei, fragment):
    with pytest.raises(ValidationError) as error:
        validate_lei(lei)
    assert fragment in error.value.messages[0]
