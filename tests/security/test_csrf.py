"""CSRF is enforced on every form: each URL that accepts POST (from the permission matrix's list)
refuses a POST without the token, even from the signed-in head of the office with the second
factor done. The one exemption is listed here on purpose."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_permission_matrix import EXPECTATIONS, url_names

pytestmark = pytest.mark.django_db

# RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" without a
# session or token; the signed token in the URL is the proof (contacts.views_public).
CSRF_EXEMPT = {"contacts:unsubscribe"}


def _kepala_client(kepala):
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.conftest import totp_device_for

    client = Client(enforce_csrf_checks=True)
    client.force_login(kepala)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(kepala).persistent_id
    session.save()
    return client


def test_every_post_needs_the_csrf_token(kepala, matrix_objects):
    posted, refused, failures = 0, 0, []
    for name in url_names():
        spec = EXPECTATIONS[name]
        if "POST" not in spec.methods:
            continue
        url = reverse(name, kwargs=spec.kwargs(matrix_objects) if spec.kwargs else {})
        if spec.query:
            url += "?" + spec.query(matrix_objects)
        status = _kepala_client(kepala).post(url, {"x": "1"}).status_code
        posted += 1
        if name in CSRF_EXEMPT:
            if status == 403:
                failures.append(f"{name}: the documented exemption answers 403")
        elif status != 403:
            failures.append(f"POST {url} ({name}) without a CSRF token: {status}, expected 403")
        else:
            refused += 1
    print(f"CSRF: {posted} POST URLs, {refused} refused without a token, exempt: {sorted(CSRF_EXEMPT)}")
    assert posted > 60
    assert not failures, "\n".join(failures)


def test_a_post_with_the_token_goes_through(kepala):
    client = _kepala_client(kepala)
    page = client.get(reverse("staff_contacts:outlet_create"))
    token = (
        page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    )
    response = client.post(
        reverse("staff_contacts:outlet_create"),
        {"csrfmiddlewaretoken": token, "name": "Harian Berpengaman", "outlet_type": "print"},
    )
    assert response.status_code == 302
