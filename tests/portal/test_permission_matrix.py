"""The permission matrix of every procurement and portal page for members: who opens what (DESIGN's roles table)."""

import pytest

from core.models import Role

pytestmark = pytest.mark.django_db

R = Role
EVERYONE = set(Role)
REGISTRY = {R.OWNER, R.COMPLIANCE}
# (method, url template, roles allowed); the others get 403, another organisation 404 where an object is named.
MATRIX = [
    ("get", "/procurement/", EVERYONE),
    ("get", "/procurement/new/", {R.OWNER, R.COMPLIANCE, R.REQUESTER}),
    ("get", "/procurement/{request}/", EVERYONE),
    ("get", "/procurement/vendors/{vendor}/questionnaire/", EVERYONE),
    ("get", "/procurement/vendors/{vendor}/questionnaire.xlsx", REGISTRY),
    ("get", "/procurement/vendors/{vendor}/questionnaire/import/", REGISTRY),
    ("get", "/portal-links/", REGISTRY),
    ("get", "/portal-links/send/", REGISTRY),
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("method, url, allowed", MATRIX)
def test_each_role_opens_exactly_its_pages(login, members, proc_request, vendor, role, method, url, allowed):
    path = url.format(request=proc_request.pk, vendor=vendor.pk)
    status = getattr(login(members[role]), method)(path).status_code
    assert status == (200 if role in allowed else 403), (role, path, status)


@pytest.mark.parametrize("method, url, allowed", [row for row in MATRIX if "{" in row[1]])
def test_another_organisation_gets_404(login, outsider, proc_request, vendor, method, url, allowed):
    path = url.format(request=proc_request.pk, vendor=vendor.pk)
    assert getattr(login(outsider), method)(path).status_code == 404
