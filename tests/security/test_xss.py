"""XSS payloads through every field the public, journalists (mails) and PDFs see.

Each payload goes into every rich-text and plain field of a published release (title, summary,
body, quotes, contacts, photo alt/caption/credit, hero alt/caption/credit, tags, categories), a
public conference (title, description, venue, speakers), a released official statement (title,
body) and the organisation profile (name, address). Then:
- real Chromium loads the public pages with the CSP *bypassed*, so escaping alone must hold, and
  nothing may run (payloads set window.__xss or open a dialog);
- the HTML parts of the release, invitation and statement mails carry no executable markup, and
  run nothing when loaded in Chromium;
- the press-kit and attendance PDFs show the payloads as text and carry no PDF JavaScript.
"""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>__xss=1</script>",
    "<img src=x onerror=__xss=1>",
    '"><img src=x onerror=__xss=1>',
    "'><svg onload=__xss=1>",
    "<svg><script>__xss=1</script></svg>",
    "<details open ontoggle=__xss=1>",
    "<iframe src=javascript:__xss=1>",
    '<a href="javascript:__xss=1">klik</a>',
    "javascript:__xss=1",
    "<body onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>__xss=1</script>",
    "<math><mtext><img src=x onerror=__xss=1>",
    "{{7*7}}{% now 'Y' %}${7*7}",
]
RELEASE_FIELDS = [
    "title", "summary", "body", "hero_alt", "hero_caption", "hero_credit", "quote.speaker", "quote.role",
    "quote.text", "contact.name", "contact.role", "photo.alt", "photo.caption", "photo.credit", "tag",
    "category",
]  # fmt: skip
CONFERENCE_FIELDS = ["title", "description", "venue_name", "venue_address", "speaker.name", "speaker.role"]
STATEMENT_FIELDS = ["title", "body"]
ORG_FIELDS = ["name", "address"]
FIELD_COUNT = len(RELEASE_FIELDS) + len(CONFERENCE_FIELDS) + len(STATEMENT_FIELDS) + len(ORG_FIELDS)

WATCH = "window.__xss = undefined;"


def _jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def _release(i, payload, author):
    from kernel.sanitize import sanitize_html
    from releases.models import Category, Release, ReleaseContact, ReleasePhoto, ReleaseQuote, Tag

    release = Release.objects.create(
        title=f"{payload} R{i}",
        slug=f"xss-{i}",
        summary=payload,
        body=sanitize_html(f"<p>Isi {payload}</p>{payload}"),
        hero_alt=payload,
        hero_caption=payload,
        hero_credit=payload,
        status=Release.Status.PUBLISHED,
        published_at=timezone.now(),
        author=author,
        number=f"{i:03d}/XSS/2026",
    )
    ReleaseQuote.objects.create(release=release, speaker=payload, role=payload, text=payload)
    ReleaseContact.objects.create(release=release, name=payload, role=payload, phone="0812", email="a@b.id")
    photo = ReleasePhoto(release=release, alt=payload, caption=payload, credit=payload, order=0)
    photo.image.save(f"xss-{i}.jpg", ContentFile(_jpeg()), save=False)
    photo.save()
    release.tags.add(Tag.objects.create(name=f"{payload} t{i}"[:60], slug=f"xss-tag-{i}"))
    release.category = Category.objects.create(name=f"{payload} c{i}"[:100], slug=f"xss-cat-{i}")
    release.save(update_fields=["category"])
    return release


def _conference(i, payload, author):
    from datetime import timedelta

    from conferences.models import Conference, Speaker
    from conferences.services import conference_create

    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2, hours=i)
    conference = conference_create(
        actor=author,
        data={
            "title": f"Konferensi K{i}",
            "description": "x",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(minutes=30),
            "venue_name": "x",
            "venue_address": "x",
            "is_public": True,
            "reminder_hours": 24,
        },
    )
    # Straight to the table too: the service's own cleaning must not be what keeps pages safe.
    Conference.objects.filter(pk=conference.pk).update(
        title=f"{payload} K{i}", description=payload, venue_name=payload, venue_address=payload
    )
    Speaker.objects.create(conference=conference, name=payload, role=payload)
    conference.refresh_from_db()
    return conference


def _statement(i, payload, author):
    from crises.models import Statement
    from crises.services import incident_open, statement_draft
    from kernel.sanitize import sanitize_html

    incident = incident_open(actor=author, title=f"Insiden {i}", severity=2, owner=author)
    statement = statement_draft(actor=author, incident=incident, title=f"Pernyataan {i}", body="<p>x</p>")
    Statement.objects.filter(pk=statement.pk).update(
        title=f"{payload} S{i}",
        body=sanitize_html(f"<p>{payload}</p>{payload}"),
        status=Statement.Status.PUBLISHED,
        is_public=True,
        published_at=timezone.now(),
    )
    statement.refresh_from_db()
    return statement


@pytest.fixture
def world(staf, settings, tmp_path):
    from kernel.models import OrganisationProfile

    settings.MEDIA_ROOT = tmp_path / "media"
    OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": ("Pemkot " + " ".join(PAYLOADS[:6]))[:200],
            "short_name": "Pemkot",
            "address": " ".join(PAYLOADS),
            "email": "humas@example.go.id",
        },
    )
    return [
        {
            "payload": payload,
            "release": _release(i, payload, staf),
            "conference": _conference(i, payload, staf),
            "statement": _statement(i, payload, staf),
        }
        for i, payload in enumerate(PAYLOADS)
    ]


@pytest.fixture
def unsafe_page(chromium, live_server):
    """A page with the CSP switched off: only escaping and sanitising stand between a payload
    and the browser."""
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.add_init_script(WATCH)
    page.dialogs = []

    def _dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    yield page
    context.close()


def _ran(page):
    return page.evaluate("window.__xss") is not None or bool(page.dialogs)


def test_public_pages_run_no_payload(world, unsafe_page):
    page = unsafe_page
    urls = [
        reverse("public:home"),
        reverse("releases:list"),
        reverse("conferences:schedule"),
        reverse("crises:statement_list"),
    ]
    for item in world:
        urls += [
            item["release"].get_absolute_url(),
            reverse("conferences:detail", kwargs={"slug": item["conference"].slug}),
            item["statement"].get_absolute_url(),
            reverse("public:search") + "?" + _q(item["payload"]),
        ]
    ran = []
    for url in urls:
        response = page.goto(url, wait_until="load")
        assert response.status == 200, f"{url}: {response.status}"
        page.wait_for_timeout(30)
        if _ran(page):
            ran.append(url)
    # The payloads are shown as text, not swallowed: the release page says what was typed.
    page.goto(world[0]["release"].get_absolute_url())
    assert "<script>__xss=1</script>" in page.locator("h1").inner_text()
    print(f"XSS: {len(PAYLOADS)} payloads x {FIELD_COUNT} fields; {len(urls)} public pages loaded")
    assert not ran, f"payload ran on: {ran}"


def _q(payload):
    from urllib.parse import urlencode

    return urlencode({"q": payload})


class _Executable(HTMLParser):
    """Collects markup that could run: script/embedding elements, on* handlers, javascript: URLs."""

    DANGEROUS = {"script", "iframe", "object", "embed", "svg", "math", "base", "form"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.found.append(f"{tag}[{name}={value}]")


def _mails(world):
    from conferences.models import Invitation
    from contacts.models import Journalist
    from distribution.registry import builder_for

    journalist = Journalist.objects.create(name=PAYLOADS[2], email="wartawan@example.id")
    for item in world:
        invitation = Invitation.objects.create(conference=item["conference"], journalist=journalist)
        assert invitation.pk
        yield "release", builder_for(item["release"])(item["release"], journalist, None)
        yield (
            "invitation",
            builder_for(item["conference"], "invitation")(item["conference"], journalist, None),
        )
        yield "statement", builder_for(item["statement"])(item["statement"], journalist, None)


def test_mail_html_carries_no_executable_markup(world, unsafe_page):
    page = unsafe_page
    # The watcher works: the same markup unescaped does run here (the CSP is bypassed).
    page.set_content("<p>x</p><img src=x onerror=__xss=1>", wait_until="load")
    page.wait_for_function("window.__xss === 1")
    page.evaluate("window.__xss = undefined")
    checked = 0
    for kind, mail in _mails(world):
        parser = _Executable()
        parser.feed(mail.html)
        assert not parser.found, f"{kind} mail: {parser.found}"
        page.evaluate("window.__xss = undefined")  # set_content keeps the window object
        page.set_content(mail.html, wait_until="load")
        page.wait_for_timeout(20)
        assert not _ran(page), f"{kind} mail ran a payload"
        checked += 1
    assert checked == 3 * len(PAYLOADS)


def _pdf_text_and_scripts(pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    root = reader.trailer["/Root"]
    scripts = [key for key in ("/OpenAction", "/AA") if key in root]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        scripts.append("/Names/JavaScript")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                action = action.get_object()
                if action.get("/S") in {"/JavaScript", "/Launch"} or str(
                    action.get("/URI", "")
                ).lower().startswith("javascript:"):
                    scripts.append(str(action))
    return text, scripts


def test_pdfs_show_payloads_as_text(world, staf):
    from conferences.exports import attendance_pdf
    from conferences.models import Attendance
    from releases.presskit.rendering import presskit_render_inputs
    from releases.presskit.selectors import presskit_inputs

    item = world[0]  # <script>__xss=1</script> in every field
    result = presskit_render_inputs(presskit_inputs(item["release"]))
    text, scripts = _pdf_text_and_scripts(result.pdf)
    assert not scripts
    assert "<script>__xss=1</script>" in text.replace("\n", "")

    conference = world[1]["conference"]
    for payload in PAYLOADS:
        Attendance.objects.create(conference=conference, name=payload, outlet=payload, is_walk_in=True)
    text, scripts = _pdf_text_and_scripts(attendance_pdf(conference))
    assert not scripts
    flat = text.replace("\n", "")
    assert "<img src=x onerror=__xss=1>" in flat
