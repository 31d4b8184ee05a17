import email
import email.policy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Journalist
from distribution.mail import build_message, message_bytes
from kernel.models import OrganisationProfile
from kernel.services import cache_clear_own_keys
from releases.distribution_hooks import release_mail

pytestmark = pytest.mark.django_db


def test_wire_message_parses_with_unicode_headers_and_both_parts(release_factory):
    OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={"name": "Pemerintah Provinsi Daerah Istimewa — Humas", "email": "humas@prov.example.go.id"},
    )

    cache_clear_own_keys()
    release = release_factory(title="Gubernur Resmikan Jembatan — “Kali Code” 2026")
    journalist = Journalist.objects.create(name="Ñoño <Wartawan> & Co", email="nono@media.example.id")
    mail = release_mail(release, journalist, None)
    from distribution.mail import sender_address

    raw = message_bytes(
        mail,
        to_email=journalist.email,
        journalist=journalist,
        message_id="<delivery-1.2@humas.example.go.id>",
        from_email=sender_address(),
    )
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == release.title
    assert msg["From"].addresses[0].display_name == "Pemerintah Provinsi Daerah Istimewa — Humas"
    assert msg["Message-ID"] == "<delivery-1.2@humas.example.go.id>"
    assert msg["Reply-To"] == "dewi.lestari@humas.example.go.id"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Yth. Ñoño <Wartawan> & Co," in text
    assert "Yth. Ñoño &lt;Wartawan&gt; &amp; Co," in html  # escaped in HTML, never raw
    # The same content as Django's own message builder (used for test mails and attachments).
    django_msg = email.message_from_bytes(
        build_message(mail, to_email=journalist.email, journalist=journalist).message().as_bytes(),
        policy=email.policy.default,
    )
    assert django_msg.get_body(("plain",)).get_content().strip() == text.strip()
    assert django_msg["List-Unsubscribe"].strip() == msg["List-Unsubscribe"].strip()


def test_release_context_is_reused_across_batches_until_the_release_changes(
    release_factory, django_assert_num_queries, monkeypatch
):
    from releases import distribution_hooks as builders
    from releases.models import Release

    release = release_factory(title="Judul Pertama")
    journalist = Journalist.objects.create(name="Wartawan Satu", email="satu@media.example.id")
    first = release_mail(Release.objects.get(pk=release.pk), journalist, None)
    assert first.subject == "Judul Pertama"
    # The next batch loads the release again: its quotes, contacts and templates are not re-read.
    again = Release.objects.get(pk=release.pk)
    with django_assert_num_queries(0):
        second = release_mail(again, journalist, None)
    assert (second.subject, second.html) == (first.subject, first.html)

    # An edit changes updated_at: the next batch builds a new context.
    Release.objects.filter(pk=release.pk).update(title="Judul Kedua", updated_at=timezone.now())
    assert release_mail(Release.objects.get(pk=release.pk), journalist, None).subject == "Judul Kedua"

    # And the context expires: a press kit that became ready mid-send gets linked.
    import time

    later = time.monotonic() + builders.CONTEXT_TTL_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    fresh = Release.objects.get(pk=release.pk)
    with CaptureQueriesContext(connection) as queries:
        release_mail(fresh, journalist, None)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "releases_releasequote" in read and "releases_releasecontact" in read
