"""Large bodies: refused before they are read where no file is expected, never left in the temporary folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

THIRTY_MB = 30 * 1024 * 1024


def test_30_mb_posted_to_the_login_page_is_refused_and_leaves_no_file(client, temp_upload_dir):
    """The finding: an anonymous POST to /login/ left 25 MB in the temporary folder, held open."""
    response = client.post(
        reverse("login"), {"username": "x", "password": "y", "file": SimpleUploadedFile("big.bin", b"\0" * THIRTY_MB)}
    )
    assert response.status_code == 413
    assert "too large" in response.text
    assert list(temp_upload_dir.iterdir()) == []  # checked while the request is still alive


def test_a_large_form_body_without_files_is_refused_too(client, temp_upload_dir):
    response = client.post(reverse("login"), {"username": "x", "password": "y" * (6 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_large_json_body_to_the_api_is_refused(api_client_for, owner):
    response = api_client_for(owner).post(
        "/api/v1/vendors/", data='{"name": "' + "v" * (6 * 1024 * 1024) + '"}', content_type="application/json"
    )
    assert response.status_code == 413


def test_an_ordinary_login_still_works(client, owner):
    from tests.conftest import PASSWORD

    assert client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 302
