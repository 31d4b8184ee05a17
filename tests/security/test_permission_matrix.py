"""The permission matrix: every URL pattern of the site, with each role and anonymously, for GET
and POST, against a written expectation. A new URL without an expectation fails this test, so no
page ships without someone deciding who may see it.

Outcomes: an allowed role gets a real answer (2xx or a redirect that is not to the sign-in page;
a POST with an empty form may answer 400 or re-show the form); a signed-in user who may not see
the page gets 404 (never 403, never a hint); anonymous users get the sign-in redirect for staff
pages and 404 for anything else that is not public.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

pytestmark = pytest.mark.django_db

ALL_ROLES = {KEPALA, SEKRETARIS, STAF, PPID}
ANON, OUTSIDER = "anonim", "tanpa peran"
OFFICE = {KEPALA, SEKRETARIS, STAF}  # the press office proper (PPID works on public information)
PUBLIC = "public"

# Django's admin has its own is_staff/permission system and its own tests; the matrix covers ours.
SKIPPED_PREFIXES = ("admin/",)


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(x for x in (namespace, pattern.namespace) if x) if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def url_names():
    return sorted(
        {name for route, name in walk(get_resolver().url_patterns) if not route.startswith(SKIPPED_PREFIXES)},
        key=str,
    )


class Spec:
    """Who may use a URL. `allow` is a set of roles or PUBLIC; `methods` the methods it serves;
    `kwargs` a function (objects) -> URL kwargs; `anon` what anonymous users get when not public."""

    def __init__(self, allow, methods=("GET",), kwargs=None, anon="login", ok=None, query=None):
        self.allow, self.methods, self.kwargs, self.anon = allow, set(methods), kwargs, anon
        self.query = query  # optional function (objects) -> query string the page needs
        self.ok = ok  # optional set of acceptable statuses for allowed users, when special


EXPECTATIONS = {
    "public:home": Spec(PUBLIC),
    "public:robots": Spec(PUBLIC),
    "public:sitemap": Spec(PUBLIC),
    "public:sitemap_page": Spec(PUBLIC, kwargs=lambda o: {"section": "siaran-pers", "page": 1}),
    "login": Spec(PUBLIC, ("GET", "POST")),
    "logout": Spec(PUBLIC, ("POST",), ok={200, 302}),
    "set_language": Spec(PUBLIC, ("POST",), ok={200, 302}),
    # healthz answers 503 here: no Celery worker runs in this test.
    "healthz": Spec(PUBLIC, ok={200, 503}),
    # Who may fetch which file is the registry's (kernel.media), tested in tests/security/test_media.py.
    "media": Spec(PUBLIC, kwargs=lambda o: {"path": "releases/hero/tidak-ada.jpg"}, ok={404}),
    "two_factor": Spec(ALL_ROLES | {OUTSIDER}, ("GET", "POST"), ok={200, 302}),
    # A forged token: the calm link page (404) for everyone signed in; anonymous users sign in first.
    "totp_enrol_link": Spec(set(), ("GET", "POST"), kwargs=lambda o: {"token": "x"}),
    "password_change": Spec(ALL_ROLES | {OUTSIDER}, ("GET", "POST")),
    "password_change_done": Spec(ALL_ROLES | {OUTSIDER}),
    "staff:dashboard": Spec(ALL_ROLES),
    "staff:audit_list": Spec({KEPALA, SEKRETARIS}),
    "staff:audit_export": Spec({KEPALA, SEKRETARIS}, ("POST",)),  # audited: never a GET
    "staff:org_profile": Spec({KEPALA}, ("GET", "POST")),
    "staff:system_status": Spec({KEPALA, SEKRETARIS}),
    # --- contacts: the office's assistants and up; personal-data rights for the secretary and head
    "staff_contacts:journalist_list": Spec(OFFICE),
    "staff_contacts:journalist_bulk": Spec(OFFICE, ("POST",)),
    "staff_contacts:journalist_export": Spec(OFFICE, ("POST",)),  # audited: never a GET
    "staff_contacts:journalist_create": Spec(OFFICE, ("GET", "POST")),
    "staff_contacts:journalist_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["journalist"].pk}),
    "staff_contacts:journalist_edit": Spec(
        OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["journalist"].pk}
    ),
    "staff_contacts:journalist_contact_flag": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["journalist"].pk}
    ),
    "staff_contacts:journalist_privacy": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["journalist"].pk}
    ),
    "staff_contacts:journalist_subject_export": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["journalist"].pk, "file_format": "json"}
    ),
    "staff_contacts:outlet_list": Spec(OFFICE),
    "staff_contacts:outlet_create": Spec(OFFICE, ("GET", "POST")),
    "staff_contacts:outlet_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["outlet"].pk}),
    "staff_contacts:outlet_edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["outlet"].pk}),
    "staff_contacts:list_list": Spec(OFFICE),
    "staff_contacts:list_create": Spec(OFFICE, ("GET", "POST")),
    "staff_contacts:list_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["contact_list"].pk}),
    "staff_contacts:list_edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["contact_list"].pk}),
    "staff_contacts:list_delete": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["spare_list"].pk}, ok={302, 404}
    ),
    "staff_contacts:segment_list": Spec(OFFICE),
    "staff_contacts:segment_create": Spec(OFFICE, ("GET", "POST")),
    "staff_contacts:segment_detail": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["segment"].pk}),
    "staff_contacts:segment_edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["segment"].pk}),
    "staff_contacts:import_upload": Spec(OFFICE, ("GET", "POST")),
    "staff_contacts:import_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["contact_import"].pk}),
    "staff_contacts:import_commit": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["contact_import"].pk}),
    # The problem rows of a dry run (404 while there are none), mapping (only after a dry run) and retry.
    "staff_contacts:import_errors": Spec(
        OFFICE, kwargs=lambda o: {"pk": o["contact_import"].pk}, ok={200, 404}
    ),
    "staff_contacts:import_map_columns": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["contact_import"].pk}, ok={302, 404}
    ),
    "staff_contacts:import_retry": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["contact_import"].pk}),
    "staff_contacts:journalist_search": Spec(OFFICE),
    "staff_contacts:journalist_contact_points": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["journalist"].pk}
    ),
    "staff_contacts:journalist_merge": Spec(
        OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["journalist"].pk}
    ),
    "staff_contacts:beat_list": Spec(OFFICE, ("GET", "POST")),
    # A background export is its requester's alone: everyone else (any role) gets 404.
    "staff:export_detail": Spec(ALL_ROLES, kwargs=lambda o: {"pk": 999999}, ok={404}),
    "staff:export_download": Spec(ALL_ROLES, kwargs=lambda o: {"pk": 999999}, ok={404}),
    # --- releases (staff): the office drafts; the secretary and head review; only the head unpublishes
    "staff_releases:list": Spec(OFFICE),
    "staff_releases:review_queue": Spec({KEPALA, SEKRETARIS}),
    "staff_releases:create": Spec(OFFICE, ("GET", "POST")),
    "staff_releases:autosave_new": Spec(OFFICE, ("POST",)),
    "staff_releases:image_upload": Spec(OFFICE, ("POST",)),
    "staff_releases:detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["draft"].pk}),
    # Staf Humas may propose a major correction (a second person approves it).
    "staff_releases:correct": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["published"].pk}),
    "staff_releases:correction": Spec(
        OFFICE, kwargs=lambda o: {"pk": o["published"].pk, "correction_pk": o["correction"].pk}
    ),
    "staff_releases:correction_action": Spec(
        {KEPALA, SEKRETARIS},
        ("POST",),
        kwargs=lambda o: {"pk": o["published"].pk, "correction_pk": o["correction"].pk, "action": "reject"},
    ),
    "staff_releases:timing": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["approved"].pk}
    ),
    "staff_releases:preview": Spec(OFFICE, kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:compare": Spec(OFFICE, kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:share_revoke": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk}),
    # In-place alt text/caption of a photo (an empty alt is refused with 400: nothing written).
    "staff_releases:photo_inline": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk, "photo_pk": o["draft_photo"].pk}
    ),
    "staff_releases:autosave": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:duplicate": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:translate": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk}),
    "staff_releases:restore": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["draft"].pk, "number": 1}),
    # The mail exactly as sent, for the staff page's sandboxed frame (only sendable releases).
    "staff_releases:mail_preview": Spec(OFFICE, kwargs=lambda o: {"pk": o["published"].pk}),
    "staff_releases:embargo_room_revoke": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["published"].pk}),
    "staff_releases:embargo_room_restore": Spec(
        OFFICE, ("POST",), kwargs=lambda o: {"pk": o["published"].pk}
    ),
    "staff_releases:action": Spec(
        {KEPALA}, ("POST",), kwargs=lambda o: {"pk": o["spare_published"].pk, "action": "unpublish"}
    ),
    # --- releases (public): read-only
    "releases:list": Spec(PUBLIC),
    "releases:feed_rss": Spec(PUBLIC),
    "releases:feed_atom": Spec(PUBLIC),
    "releases:detail": Spec(PUBLIC, kwargs=lambda o: {"slug": o["published"].slug}),
    "public:search": Spec(PUBLIC),
    "releases:share_preview": Spec(PUBLIC, kwargs=lambda o: {"token": o["share_token"]}),
    # The embargo room: a journalist's signed link; the release is public here, so every room
    # address leads to its public page (the room itself: tests/releases/test_mail_content.py).
    "releases:embargo_room": Spec(PUBLIC, kwargs=lambda o: {"token": o["room_token"]}, ok={302}),
    "releases:embargo_room_hero": Spec(PUBLIC, kwargs=lambda o: {"token": o["room_token"]}, ok={302}),
    "releases:embargo_room_zip": Spec(PUBLIC, kwargs=lambda o: {"token": o["room_token"]}, ok={302}),
    "releases:embargo_room_kit": Spec(PUBLIC, kwargs=lambda o: {"token": o["room_token"]}, ok={302}),
    "releases:embargo_room_photo": Spec(
        PUBLIC, kwargs=lambda o: {"token": o["room_token"], "photo_pk": 1}, ok={302}
    ),
    "releases:embargo_room_attachment": Spec(
        PUBLIC, kwargs=lambda o: {"token": o["room_token"], "attachment_pk": 1}, ok={302}
    ),
    # A mail image of a release: renditions of its own pictures only (none here).
    "releases:mail_image": Spec(
        PUBLIC,
        kwargs=lambda o: {"token": o["mail_image_token"], "name": "releases/hero/x.jpg.w600.jpg"},
        ok={404},
    ),
    "releases:api_list": Spec(PUBLIC),
    "releases:api_detail": Spec(PUBLIC, kwargs=lambda o: {"slug": o["published"].slug}),
    "releases:api_schema": Spec(PUBLIC),
    "contacts:unsubscribe": Spec(PUBLIC, ("GET", "POST"), kwargs=lambda o: {"token": o["unsubscribe_token"]}),
    "contacts:resubscribe": Spec(PUBLIC, ("GET", "POST"), kwargs=lambda o: {"token": o["resubscribe_token"]}),
    # --- conferences (staff): the office organises and checks in; sending needs the secretary or head
    "staff_conferences:list": Spec(OFFICE),
    "staff_conferences:create": Spec(OFFICE, ("GET", "POST")),
    "staff_conferences:overlap_check": Spec(OFFICE),
    "staff_conferences:detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:invite": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["conference"].pk}
    ),
    "staff_conferences:reschedule": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["conference"].pk}
    ),
    "staff_conferences:cancel": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["conference"].pk}
    ),
    "staff_conferences:mark_held": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:followup": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk, "audience": "attended"}
    ),
    "staff_conferences:checkin": Spec(OFFICE, kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:checkin_code": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:checkin_invitation": Spec(
        OFFICE,
        ("POST",),
        kwargs=lambda o: {"pk": o["conference"].pk, "invitation_pk": o["invitation"].pk},
    ),
    "staff_conferences:walk_in": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:attendance_csv": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:attendance_pdf": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk}),
    "staff_conferences:attendance_xlsx": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["conference"].pk}),
    # --- conferences (public): public conferences and the signed RSVP link
    "conferences:schedule": Spec(PUBLIC),
    "conferences:feed": Spec(PUBLIC),
    "conferences:detail": Spec(PUBLIC, kwargs=lambda o: {"slug": o["conference"].slug}),
    "conferences:detail_ics": Spec(PUBLIC, kwargs=lambda o: {"slug": o["conference"].slug}),
    "conferences:rsvp": Spec(PUBLIC, ("GET", "POST"), kwargs=lambda o: {"token": o["rsvp_token"]}),
    "conferences:rsvp_ics": Spec(PUBLIC, kwargs=lambda o: {"token": o["rsvp_token"]}),
    # --- distribution: the office sees sends; only the secretary and head start or steer them
    "staff_distribution:list": Spec(OFFICE),
    "staff_distribution:create": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), query=lambda o: f"release={o['published'].pk}"
    ),
    "staff_distribution:recipient_count": Spec({KEPALA, SEKRETARIS}),
    "staff_distribution:detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["distribution"].pk}),
    "staff_distribution:progress": Spec(OFFICE, kwargs=lambda o: {"pk": o["distribution"].pk}),
    "staff_distribution:preview_html": Spec(OFFICE, kwargs=lambda o: {"pk": o["distribution"].pk}),
    "staff_distribution:report": Spec(OFFICE, kwargs=lambda o: {"pk": o["distribution"].pk}),
    "staff_distribution:report_csv": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}),
    "staff_distribution:send_test": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}
    ),
    "staff_distribution:start": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}
    ),
    "staff_distribution:pause": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}
    ),
    "staff_distribution:resume": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}
    ),
    "staff_distribution:cancel": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["distribution"].pk}
    ),
    "distribution:follow_up_create": Spec(
        {KEPALA, SEKRETARIS},
        ("GET", "POST"),
        kwargs=lambda o: {"pk": o["distribution"].pk},
        query=lambda o: "jenis=correction",
    ),
    # The click redirect of mail links: public; a token that is not ours is a 404.
    "distribution:click": Spec(PUBLIC, kwargs=lambda o: {"token": "bukan-token"}, ok={404}),
    # --- crises (staff): the office logs and drafts; the secretary and head approve, release, close
    "staff_crises:list": Spec(OFFICE),
    "staff_crises:create": Spec(OFFICE, ("GET", "POST")),
    "staff_crises:detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:timeline_add": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:severity": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:status": Spec(OFFICE, ("POST",), kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:resolve": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["incident"].pk}
    ),
    "staff_crises:statement_create": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["incident"].pk}),
    "staff_crises:statement_queue": Spec(OFFICE),
    "staff_crises:statement_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["statement"].pk}),
    # approve/reject/release (sorted before it) move "statement" on; edit needs a draft of its own
    "staff_crises:statement_edit": Spec(
        OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["draft_statement"].pk}
    ),
    "staff_crises:statement_approve": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["statement"].pk}
    ),
    "staff_crises:statement_reject": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["statement"].pk}
    ),
    "staff_crises:statement_release": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["statement"].pk}
    ),
    "staff_crises:template_list": Spec(OFFICE),
    "staff_crises:template_create": Spec(OFFICE, ("GET", "POST")),
    "staff_crises:template_detail": Spec(OFFICE, kwargs=lambda o: {"pk": o["template"].pk}),
    "staff_crises:template_edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["template"].pk}),
    "staff_crises:template_approve": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["template"].pk}
    ),
    "staff_crises:cadence": Spec({KEPALA, SEKRETARIS}, ("GET", "POST")),
    "staff_crises:inquiry_list": Spec(OFFICE),
    "staff_crises:inquiry_create": Spec(OFFICE, ("GET", "POST")),
    "staff_crises:inquiry_edit": Spec(OFFICE, ("GET", "POST"), kwargs=lambda o: {"pk": o["inquiry"].pk}),
    # --- crises (public): released official statements
    "crises:statement_list": Spec(PUBLIC),
    "crises:statement_detail": Spec(PUBLIC, kwargs=lambda o: {"slug": o["public_statement"].slug}),
    # --- press kits: staff state/downloads for the office; the public PDF while the release is public
    "staff_presskit:state": Spec(OFFICE, kwargs=lambda o: {"release_pk": o["published"].pk}),
    "staff_presskit:render": Spec(OFFICE, ("POST",), kwargs=lambda o: {"release_pk": o["published"].pk}),
    "staff_presskit:download": Spec(OFFICE, kwargs=lambda o: {"release_pk": o["published"].pk}),
    "staff_presskit:download_kit": Spec(OFFICE, kwargs=lambda o: {"kit_pk": o["kit"].pk}),
    # The public kit: the PDF when the current kit is ready, else 503 "being prepared".
    "presskit:download": Spec(PUBLIC, kwargs=lambda o: {"slug": o["published"].slug}, ok={200, 404, 503}),
    # --- publicinfo / portal
    "public:information": Spec(PUBLIC),
    "publicinfo:detail": Spec(PUBLIC, kwargs=lambda o: {"slug": o["kip_doc"].slug}),
    "publicinfo:download": Spec(PUBLIC, kwargs=lambda o: {"slug": o["kip_doc"].slug}),
    "publicinfo:contact": Spec(PUBLIC),
    "staff_publicinfo:list": Spec({KEPALA, PPID}),
    "staff_publicinfo:create": Spec({KEPALA, PPID}, ("GET", "POST")),
    "staff_publicinfo:edit": Spec({KEPALA, PPID}, ("GET", "POST"), kwargs=lambda o: {"pk": o["kip_doc"].pk}),
    "staff_publicinfo:publish": Spec({KEPALA, PPID}, ("POST",), kwargs=lambda o: {"pk": o["kip_draft"].pk}),
    "staff_publicinfo:spokesperson_list": Spec({KEPALA, SEKRETARIS}),
    "staff_publicinfo:spokesperson_create": Spec({KEPALA, SEKRETARIS}, ("GET", "POST")),
    "staff_publicinfo:spokesperson_edit": Spec(
        {KEPALA, SEKRETARIS}, ("GET", "POST"), kwargs=lambda o: {"pk": o["spokesperson"].pk}
    ),
    # the first allowed POST deletes it; the next role then finds nothing (404)
    "staff_publicinfo:spokesperson_delete": Spec(
        {KEPALA, SEKRETARIS}, ("POST",), kwargs=lambda o: {"pk": o["spare_spokesperson"].pk}, ok={302, 404}
    ),
}


def test_every_url_has_an_expectation():
    missing = [name for name in url_names() if name not in EXPECTATIONS]
    assert not missing, (
        "URL patterns without a permission expectation (add them to EXPECTATIONS):\n"
        + "\n".join(map(str, missing))
    )
    unnamed = [route for route, name in walk(get_resolver().url_patterns) if not name]
    assert not unnamed, f"unnamed URL patterns can not be checked: {unnamed}"


@pytest.fixture
def matrix_users(role_users, outsider):
    return {ANON: None, OUTSIDER: outsider, **role_users}


def _signed_in_session(user):
    """The session data of `user` signed in, with the second factor completed where the role
    needs one (made once per role; each URL then gets a copy)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from kernel.twofactor import user_requires_2fa
    from tests.conftest import totp_device_for

    client = Client()
    client.force_login(user)
    session = client.session
    if user_requires_2fa(user):
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    return dict(session.items())


def _client_for(session_data):
    """A fresh client and a fresh copy of the role's session per URL (a POST to sign-out must not
    spoil the next URL); copying a session row is much cheaper than signing in again."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    client = Client()
    if session_data is not None:
        session = SessionStore()
        session.update(session_data)
        session.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def _check(name, spec, url, who, method, response):
    status = response.status_code
    where = f"{method} {url} ({name}) as {who}: {status}"
    assert status != 500, where
    location = response.get("Location", "")
    allowed = spec.allow == PUBLIC or who in spec.allow
    if method not in spec.methods:
        assert status in {404, 405, 302}, f"{where}: method not served should be 405"
        return "refused"
    if allowed:
        acceptable = spec.ok or {200, 201, 204, 302, 303, 400}
        assert status in acceptable, f"{where}: allowed, expected one of {sorted(acceptable)}"
        if status in {302, 303} and spec.ok is None:
            assert "/akun/masuk/" not in location, f"{where}: allowed but sent to sign in"
        return "allowed"
    if who == ANON:
        if spec.anon == "login":
            assert status == 302 and location.startswith("/akun/masuk/"), (
                f"{where}: expected sign-in redirect"
            )
        else:
            assert status == 404, f"{where}: expected 404"
        return "refused"
    assert status == 404, f"{where}: a signed-in user who may not see it gets 404"
    return "refused"


def test_permission_matrix(matrix_users, matrix_objects):
    names = url_names()
    checked, failures = 0, []
    sessions = {who: _signed_in_session(user) if user else None for who, user in matrix_users.items()}
    for name in names:
        spec = EXPECTATIONS[name]
        url = reverse(name, kwargs=spec.kwargs(matrix_objects) if spec.kwargs else {})
        if spec.query:
            url += "?" + spec.query(matrix_objects)
        for who in matrix_users:
            client = _client_for(sessions[who])
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                checked += 1
                try:
                    _check(name, spec, url, who, method, response)
                except AssertionError as exc:  # collect them all: one run shows the whole picture
                    failures.append(str(exc).splitlines()[0])
    assert not failures, f"{len(failures)} of {checked} requests broke the matrix:\n" + "\n".join(failures)
    print(
        f"permission matrix: {len(names)} URL patterns x {len(matrix_users)} roles x GET/POST = {checked} requests"
    )


@pytest.fixture
def matrix_objects(db, kepala, sekretaris, staf, settings, tmp_path):
    """Objects whose ids fill URL parameters."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from contacts.links import RESUBSCRIBE
    from contacts.models import ContactImport, ContactList, Journalist, MediaOutlet, OutletType, Segment
    from contacts.tokens import unsubscribe_token_make
    from kernel.links import link_token

    outlet = MediaOutlet.objects.create(name="Harian Matriks", outlet_type=OutletType.PRINT)
    journalist = Journalist.objects.create(
        name="Wartawan Matriks", email="matriks@example.com", outlet=outlet
    )
    unsubscribed = Journalist.objects.create(name="Pembaca Matriks", email="pembaca@example.com")
    objects = {
        "outlet": outlet,
        "journalist": journalist,
        "contact_list": ContactList.objects.create(name="Daftar Matriks"),
        # list_delete removes its list on the first allowed POST; later roles then get 404.
        "spare_list": ContactList.objects.create(name="Daftar Cadangan"),
        "segment": Segment.objects.create(name="Segmen Matriks", beats=["Ekonomi"]),
        "contact_import": ContactImport.objects.create(
            file_name="x.csv", file_format="csv", created_by=kepala
        ),
        "unsubscribe_token": unsubscribe_token_make(unsubscribed),
        "resubscribe_token": link_token(RESUBSCRIBE, unsubscribed.pk, o=0),
    }
    objects.update(_release_objects(staf))
    objects.update(_conference_objects(staf, journalist))
    objects.update(_crisis_objects(staf, sekretaris))
    objects["distribution"] = _distribution(sekretaris, objects["published"], objects["contact_list"])
    objects["kit"] = _ready_kit(objects["published"])
    objects.update(_publicinfo_objects(kepala))
    return objects


def _conference_objects(author, journalist):
    import datetime

    from django.utils import timezone

    from conferences.links import RSVP
    from conferences.models import Invitation
    from conferences.services import conference_create
    from kernel.links import link_token

    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    conference = conference_create(
        actor=author,
        data={
            "title": "Konferensi Pers Matriks",
            "description": "Uraian",
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "venue_name": "Balai Kota",
            "venue_address": "Jl. Merdeka 1",
            "is_public": True,
            "reminder_hours": 24,
        },
        speakers=[("Wali Kota", "")],
    )
    invitation = Invitation.objects.create(conference=conference, journalist=journalist)
    return {"conference": conference, "invitation": invitation, "rsvp_token": link_token(RSVP, invitation.pk)}


def _crisis_objects(staf, sekretaris):
    from django.utils import timezone

    from crises.models import Scenario, Statement
    from crises.services import incident_open, inquiry_create, statement_draft, template_create

    incident = incident_open(actor=staf, title="Insiden matriks", severity=2, owner=staf)
    statement = statement_draft(actor=staf, incident=incident, title="Pernyataan matriks", body="<p>Isi</p>")
    draft_statement = statement_draft(
        actor=staf, incident=incident, title="Draf pernyataan", body="<p>Isi</p>"
    )
    public_statement = statement_draft(
        actor=staf, incident=incident, title="Pernyataan terbit", body="<p>Isi</p>"
    )
    Statement.objects.filter(pk=public_statement.pk).update(
        status=Statement.Status.PUBLISHED, is_public=True, published_at=timezone.now()
    )
    public_statement.refresh_from_db()
    template = template_create(
        actor=staf, title="Templat matriks", scenario=Scenario.GENERAL, body="<p>Templat</p>"
    )
    inquiry = inquiry_create(
        actor=staf,
        data={
            "journalist_name": "Penanya",
            "outlet_name": "Harian",
            "question": "Apa?",
            "incident": incident,
        },
    )
    return {
        "incident": incident,
        "statement": statement,
        "draft_statement": draft_statement,
        "public_statement": public_statement,
        "template": template,
        "inquiry": inquiry,
    }


def _distribution(actor, release, contact_list):
    from distribution.services import distribution_create

    return distribution_create(actor=actor, source=release, lists=[contact_list])


def _ready_kit(release):
    from django.core.files.base import ContentFile

    from releases.presskit.models import PressKit

    kit = PressKit(release=release, input_hash="0" * 64, status=PressKit.Status.READY, size=8)
    kit.file.save("matriks.pdf", ContentFile(b"%PDF-1.4"), save=False)
    kit.save()
    return kit


def _release_objects(author):
    import datetime

    from django.utils import timezone

    from contacts.models import Journalist
    from kernel.links import link_token
    from releases.links import EMBARGO_ROOM, MAIL_IMAGE
    from releases.models import Release
    from releases.selectors import share_token_for
    from releases.services import release_create

    room_journalist = Journalist.objects.create(name="Wartawan Matriks", email="matriks@media.example.id")

    draft = release_create(
        actor=author, data={"title": "Draf matriks", "summary": "Ringkas", "body": "<p>Isi</p>"}
    )
    published = []
    for title in ("Terbit matriks", "Terbit cadangan"):
        release = release_create(
            actor=author, data={"title": title, "summary": "Ringkas", "body": "<p>Isi</p>"}
        )
        Release.objects.filter(pk=release.pk).update(
            status=Release.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(hours=1)
        )
        release.refresh_from_db()
        published.append(release)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases.models import ReleasePhoto
    from tests.releases.conftest import image_bytes

    photo = ReleasePhoto.objects.create(
        release=draft, image=SimpleUploadedFile("m.png", image_bytes()), alt="Foto matriks"
    )
    approved = release_create(
        actor=author, data={"title": "Disetujui matriks", "summary": "R", "body": "<p>I</p>"}
    )
    Release.objects.filter(pk=approved.pk).update(status=Release.Status.APPROVED)
    from releases.services import release_correction_propose

    correction = release_correction_propose(
        release=published[0], actor=author, change_note="Angka.", data={"summary": "Ringkas, 25 posko"}
    )
    return {
        "draft": draft,
        "draft_photo": photo,
        "approved": approved,
        "correction": correction,
        "published": published[0],
        # the head's unpublish, the first allowed POST, uses this one up
        "spare_published": published[1],
        "share_token": share_token_for(draft),
        "room_token": link_token(EMBARGO_ROOM, published[0].pk, j=room_journalist.pk),
        "mail_image_token": link_token(MAIL_IMAGE, published[0].pk),
    }


def _publicinfo_objects(kepala):
    from publicinfo.models import Spokesperson
    from tests.publicinfo.factories import make_document

    return {
        "kip_doc": make_document(actor=kepala, title="Dokumen matriks"),
        "kip_draft": make_document(actor=kepala, title="Draf dokumen matriks", publish=False),
        "spokesperson": Spokesperson.objects.create(name="Jubir Matriks", position="Juru Bicara"),
        "spare_spokesperson": Spokesperson.objects.create(name="Jubir Cadangan", position="Juru Bicara"),
    }
