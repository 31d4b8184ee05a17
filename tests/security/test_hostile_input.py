"""Issue 22: hostile input never answers 500. A property-based test (hypothesis) over every public
URL of the resolver (the permission matrix's expectations, with real objects for the URL kwargs)
and every parameter of the OpenAPI schema: random strings with NUL and other control characters,
huge lengths, odd time-zone offsets and numbers as query values, form fields and headers.

Plus the fixes it led to, pinned one by one: the 400 of kernel.hostile, the API's offset check,
and the 400/404 answers documented in the schema."""

import json
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_permission_matrix import EXPECTATIONS, PUBLIC, matrix_objects  # noqa: F401

pytestmark = pytest.mark.django_db

# Every parameter a public page reads (the API's come from its schema).
PAGE_PARAMS = [
    "q",
    "page",
    "kategori",
    "tag",
    "bulan",
    "tahun",
    "next",
    "lang",
    "format",
    "language",
    "jenis",
]
FORM_FIELDS = [
    "username",
    "password",
    "language",
    "next",
    "response",
    "name",
    "email",
    "reason",
    "csrfmiddlewaretoken",
]
HEADERS = [
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_COOKIE",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_HX_REQUEST",
]

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\u2028", "\ufeff"]
)
NASTY_FIXED = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "2026-01-01T00:00:00+16:00",
    "2026-01-01T00:00:00-23:59",
    "2026-01-01T00:00:00+99:99",
    "0001-01-01T00:00:00+15:59",
    "9999-12-31T23:59:59-15:59",
    "0000-00-00",
    "9999-12-31",
    "2026-02-30",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "x" * 5000,
    "ä" * 3000,
]


def offsets():
    return st.builds(
        lambda y, sign, h, m: f"{y:04d}-01-01T00:00:00{sign}{h:02d}:{m:02d}",
        st.sampled_from([1, 1970, 2026, 9999]),
        st.sampled_from("+-"),
        st.integers(0, 30),
        st.integers(0, 99),
    )


VALUES = st.one_of(
    st.sampled_from(NASTY_FIXED),
    st.text(alphabet=st.characters(codec="utf-8") | CONTROL, max_size=40),
    st.lists(CONTROL, min_size=1, max_size=5).map("".join),
    st.integers(200, 20000).map(lambda n: "9" * n),
    offsets(),
    st.integers(-(10**30), 10**30).map(str),
)


def api_schema(client):
    response = client.get(reverse("releases:api_schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def api_operations(schema, objects):
    """(url, [query parameter names]) for every GET of the schema, path parameters filled."""
    slug = objects["published"].slug
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        yield re.sub(r"\{slug\}", slug, path), names


def public_targets(objects):
    """(name, url, methods) for every public URL pattern."""
    targets = []
    for name, spec in sorted(EXPECTATIONS.items()):
        if spec.allow != PUBLIC:
            continue
        url = reverse(name, kwargs=spec.kwargs(objects) if spec.kwargs else {})
        targets.append((name, url, sorted(spec.methods)))
    return targets


def test_the_schema_documents_400_and_404(client):
    schema = api_schema(client)
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "400", "404"} <= set(responses), (path, responses)


def test_nul_control_and_overlong_input_is_400_not_500(client, matrix_objects):  # noqa: F811
    published = matrix_objects["published"]
    assert client.get(reverse("public:search"), {"q": "a\x00b"}).status_code == 400
    assert client.get(reverse("releases:list"), {"tag": "\x1b"}).status_code == 400
    assert client.get(reverse("public:search"), {"q": "x" * 20000}).status_code == 414
    assert client.post(reverse("login"), {"username": "a\x00", "password": "x"}).status_code == 400
    assert client.get(reverse("releases:list"), HTTP_ACCEPT_LANGUAGE="id\x00").status_code == 400
    response = client.get(reverse("releases:api_list"), {"category": "\x00"})
    assert response.status_code == 400 and response.json()["detail"]
    # A textarea's line breaks and tabs are ordinary text.
    assert client.get(reverse("public:search"), {"q": "banjir\tkali"}).status_code == 200
    assert client.get(reverse("releases:detail", kwargs={"slug": published.slug})).status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+16:00",
        "2026-01-01T00:00:00-20:00",
        "2026-01-01T00:00:00+23:59",
        "0001-01-01T00:00:00+01:00",
    ],
)
def test_api_date_filters_refuse_offsets_postgresql_rejects(client, value):
    """Old code: PostgreSQL's 'time zone displacement out of range' surfaced as a 500."""
    for name in ("published_after", "published_before"):
        response = client.get(reverse("releases:api_list"), {name: value})
        assert response.status_code == 400, (name, value, response.status_code)
        assert name in response.json()
    ok = client.get(reverse("releases:api_list"), {"published_after": "2026-01-01T00:00:00+15:59"})
    assert ok.status_code == 200


def test_fuzz_every_public_url_and_api_parameter(matrix_objects):  # noqa: F811
    client = Client(raise_request_exception=False)
    schema = api_schema(client)
    operations = list(api_operations(schema, matrix_objects))
    api_params = sorted({name for _url, names in operations for name in names})
    targets = public_targets(matrix_objects)
    targets += [(f"api {url}", url, ["GET"]) for url, _names in operations]
    stats = {"examples": 0, "requests": 0, "grid": 0}
    failures = []
    started = time.monotonic()

    def check(method, url, data, headers):
        response = client.get(url, data, **headers) if method == "GET" else client.post(url, data, **headers)
        stats["requests"] += 1
        # /healthz is 503 here by design: no Celery worker runs in this test.
        if response.status_code >= 500 and not (url == "/healthz" and response.status_code == 503):
            failures.append(
                (method, url, {k: v[:80] for k, v in data.items()}, headers, response.status_code)
            )
        return response

    # 1. The grid: every API parameter of the schema with every fixed nasty value.
    for url, names in operations:
        for name in names:
            for value in NASTY_FIXED:
                check("GET", url, {name: value}, {})
                stats["grid"] += 1
    assert not failures, failures[:5]

    # 2. Hypothesis over every public URL, its methods, parameters, form fields and headers.
    @settings(
        max_examples=800,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        target=st.sampled_from(targets),
        params=st.dictionaries(
            st.sampled_from(PAGE_PARAMS + api_params) | st.text(max_size=8), VALUES, max_size=4
        ),
        form=st.dictionaries(st.sampled_from(FORM_FIELDS), VALUES, max_size=4),
        headers=st.dictionaries(st.sampled_from(HEADERS), VALUES, max_size=2),
        method_pick=st.integers(0, 1),
    )
    def fuzz(target, params, form, headers, method_pick):
        stats["examples"] += 1
        _name, url, methods = target
        # A WSGI server hands headers over as latin-1 strings of the bytes received (gunicorn, the
        # dev server): the UTF-8 bytes of any text, read as latin-1. Anything else is impossible.
        headers = {k: v.encode("utf-8").decode("latin-1") for k, v in headers.items()}
        method = methods[method_pick % len(methods)]
        if method == "GET":
            check("GET", url, params, headers)
        else:
            query = "&".join(f"{k}={v}" for k, v in list(params.items())[:1] if v.isascii() and len(v) < 50)
            check("POST", url + ("?" + query if query else ""), form, headers)
        assert not failures, failures[-1]

    fuzz()
    elapsed = time.monotonic() - started
    print(
        f"hostile input: {len(targets)} public URLs, {len(api_params)} API parameters from the schema "
        f"({stats['grid']} grid requests), {stats['examples']} hypothesis examples, "
        f"{stats['requests']} requests in {elapsed:.1f}s, 0 answers >= 500"
    )


@pytest.mark.parametrize("length", [151, 300, 5000])
def test_an_overlong_username_is_a_failed_sign_in_not_a_500(client, length):
    # Found by the fuzz above: django-axes stored the typed username in a 255-character column.
    response = client.post(reverse("login"), {"username": "9" * length, "password": "x"})
    assert response.status_code == 200
