"""The press secretary's governance rules, per role: corrections (minor at once, major only after a
second person's approval, the live version untouched until then), unapprove, embargo and schedule
changes, lifting an embargo and force publish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kernel.models import AuditEntry, Notification
from kernel.refusal import Refusal
from releases import services
from releases.models import Release, ReleaseCorrection
from releases.selectors import correction_review_queue

pytestmark = pytest.mark.django_db
S = Release.Status
CS = ReleaseCorrection.Status


def _audit(release, action):
    return AuditEntry.objects.filter(action=action, object_id=str(release.pk)).order_by("-id").first()


def _public(client, release):
    return client.get(release.get_absolute_url()).content.decode()


# --- corrections -------------------------------------------------------------------------------
def test_minor_correction_is_live_at_once_and_logged(release_in_state, sekretaris, client):
    release = release_in_state(S.PUBLISHED)
    services.release_correct(
        release=release,
        actor=sekretaris,
        change_note="Salah ketik pada judul diperbaiki.",
        data={"title": release.title.replace("Posko", "Pos")},
        contacts=[
            {"name": "Rina Wati", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
    )
    release.refresh_from_db()
    assert release.title.startswith("Pos kesehatan")
    assert release.contacts.get().name == "Rina Wati"
    correction = release.corrections.get()
    assert (correction.kind, correction.status, correction.created_by) == ("minor", CS.APPROVED, sekretaris)
    entry = _audit(release, "release.correct")
    assert entry.actor == sekretaris and entry.data["kind"] == "minor" and "title" in entry.data["fields"]
    html = _public(client, release)
    assert 'id="koreksi"' in html and "Salah ketik pada judul diperbaiki." in html


def test_a_quote_change_is_not_a_minor_correction(release_in_state, sekretaris):
    release = release_in_state(S.PUBLISHED)
    with pytest.raises(Refusal) as exc:
        services.release_correct(
            release=release,
            actor=sekretaris,
            change_note="Kutipan diubah.",
            data={},
            quotes=[{"speaker": "dr. Hendra", "role": "Kepala Dinas Kesehatan", "text": "Kami siap 24 jam."}],
        )
    assert exc.value.code == "major_required"
    assert release.quotes.get().text == "Kami siap melayani." and not release.corrections.exists()


def test_staf_may_propose_but_not_correct_at_once_or_approve(release_in_state, staf, sekretaris):
    release = release_in_state(S.PUBLISHED)
    with pytest.raises(Refusal):
        services.release_correct(release=release, actor=staf, change_note="x", data={"title": "Judul lain"})
    correction = services.release_correction_propose(
        release=release, actor=staf, change_note="Angka diperbaiki.", data={"summary": "Ada 25 posko."}
    )
    with pytest.raises(Refusal) as exc:
        services.release_correction_approve(correction=correction, actor=staf)
    assert exc.value.code in ("permission", "four_eyes")
    services.release_correction_approve(correction=correction, actor=sekretaris)
    release.refresh_from_db()
    assert release.summary == "Ada 25 posko."


def test_major_correction_waits_for_a_second_person(
    release_in_state, sekretaris, sekretaris2, client, django_capture_on_commit_callbacks
):
    release = release_in_state(S.PUBLISHED)
    photo_release = release
    live_title, live_body = release.title, release.body
    correction = services.release_correction_propose(
        release=release,
        actor=sekretaris,
        change_note="Jumlah posko diperbaiki dari 20 menjadi 25; kutipan dilengkapi.",
        data={"title": live_title + " (25 posko)", "body": "<p>Ada 25 posko kesehatan.</p>"},
        quotes=[{"speaker": "dr. Hendra", "role": "Kepala Dinas Kesehatan", "text": "Kami siap 24 jam."}],
    )
    assert correction.status == CS.PENDING and correction.kind == "major"
    assert set(correction.proposed) == {"title", "body", "quotes"}

    # The live version stays exactly as it was, on the row and on the public page.
    release.refresh_from_db()
    assert (release.title, release.body) == (live_title, live_body)
    assert release.quotes.get().text == "Kami siap melayani."
    html = _public(client, release)
    assert "25 posko" not in html and "Jumlah posko diperbaiki" not in html
    assert _audit(release, "release.correction_propose").actor == sekretaris
    # Approvers are asked (not the proposer), and it waits in their queue.
    asked = set(
        Notification.objects.filter(kind="release.correction_review").values_list("recipient", flat=True)
    )
    assert sekretaris2.pk in asked and sekretaris.pk not in asked
    assert list(correction_review_queue(user=sekretaris2)) == [correction]
    assert list(correction_review_queue(user=sekretaris)) == []

    with pytest.raises(Refusal) as exc:
        services.release_correction_approve(correction=correction, actor=sekretaris)
    assert exc.value.code == "four_eyes"
    # Only one major correction at a time.
    with pytest.raises(Refusal):
        services.release_correction_propose(
            release=release, actor=sekretaris2, change_note="Lagi.", data={"summary": "Lain."}
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.release_correction_approve(
            correction=correction, actor=sekretaris2, comment="Sesuai data dinas."
        )
    correction.refresh_from_db()
    release.refresh_from_db()
    assert correction.status == CS.APPROVED and correction.decided_by == sekretaris2 and correction.decided_at
    assert release.title == live_title + " (25 posko)" and "25 posko" in release.body
    assert release.quotes.get().text == "Kami siap 24 jam."
    assert correction.revision.title == release.title
    entry = _audit(correction, "release.correction_approve")
    assert entry.actor == sekretaris2 and entry.from_state == CS.PENDING and entry.to_state == CS.APPROVED
    assert _audit(photo_release, "release.correct").data["kind"] == "major"
    html = _public(client, release)
    assert "Jumlah posko diperbaiki dari 20 menjadi 25" in html and "Kami siap 24 jam." in html
    assert Notification.objects.filter(kind="release.correction_decided", recipient=sekretaris).exists()


def test_rejected_correction_keeps_the_live_version_and_tells_why(release_in_state, staf, sekretaris, client):
    release = release_in_state(S.PUBLISHED)
    correction = services.release_correction_propose(
        release=release, actor=staf, change_note="Angka diubah.", data={"summary": "Ada 30 posko."}
    )
    with pytest.raises(Refusal) as exc:
        services.release_correction_reject(correction=correction, actor=sekretaris, reason="")
    assert exc.value.field == "reason"
    services.release_correction_reject(
        correction=correction, actor=sekretaris, reason="Data dinas: 25 posko."
    )
    correction.refresh_from_db()
    release.refresh_from_db()
    assert correction.status == CS.REJECTED and correction.decision_comment == "Data dinas: 25 posko."
    assert "30 posko" not in release.summary and "Angka diubah." not in _public(client, release)
    mail = Notification.objects.get(kind="release.correction_decided", recipient=staf)
    assert "Data dinas: 25 posko." in mail.body


def test_captions_and_attachments_are_correctable(
    release_in_state, sekretaris, sekretaris2, png_upload, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases.models import ReleaseAttachment, ReleasePhoto

    release = release_in_state(S.PUBLISHED)
    photo = ReleasePhoto.objects.create(
        release=release, image=png_upload(), alt="Posko", caption="Posko di Kota"
    )
    old = ReleaseAttachment.objects.create(
        release=release,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        title="Data lama",
        content_type="application/pdf",
    )
    pdf = SimpleUploadedFile(
        "baru.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf"
    )
    correction = services.release_correction_propose(
        release=release,
        actor=sekretaris,
        change_note="Keterangan foto dan lampiran data diperbarui.",
        data={},
        captions={str(photo.pk): "Posko di Kelurahan Sukamaju"},
        remove_attachments=[old.pk],
        new_attachments=[
            {"file": pdf, "title": "Data baru", "content_type": "application/pdf", "size": pdf.size}
        ],
    )
    new_file = correction.new_attachments.get().file.name
    # Before approval: the old attachment is still public, the new one is staff-only.
    client.logout()
    assert client.get(reverse("media", args=[old.file.name])).status_code == 200
    assert client.get(reverse("media", args=[new_file])).status_code == 404
    services.release_correction_approve(correction=correction, actor=sekretaris2)
    photo.refresh_from_db()
    assert photo.caption == "Posko di Kelurahan Sukamaju"
    assert list(release.attachments.values_list("title", flat=True)) == ["Data baru"]
    assert client.get(reverse("media", args=[new_file])).status_code == 200
    assert client.get(reverse("media", args=[old.file.name])).status_code == 404


def test_an_approval_over_a_newer_version_is_refused(release_in_state, staf, sekretaris, sekretaris2):
    release = release_in_state(S.PUBLISHED)
    correction = services.release_correction_propose(
        release=release, actor=staf, change_note="Angka.", data={"summary": "Ada 25 posko."}
    )
    services.release_correct(
        release=release, actor=sekretaris, change_note="Typo.", data={"title": "Pos kesehatan"}
    )
    with pytest.raises(Refusal) as exc:
        services.release_correction_approve(correction=correction, actor=sekretaris2)
    assert exc.value.code == "stale"
    release.refresh_from_db()
    assert release.summary != "Ada 25 posko." and release.title == "Pos kesehatan"


# --- back to draft ------------------------------------------------------------------------------
@pytest.mark.parametrize("state", [S.APPROVED, S.SCHEDULED])
def test_unapprove_needs_a_reason_and_a_new_review(state, release_in_state, staf, sekretaris, sekretaris2):
    release = release_in_state(state)
    with pytest.raises(Refusal):
        services.release_unapprove(release=release, actor=sekretaris2, reason="")
    with pytest.raises(Refusal) as exc:
        services.release_unapprove(release=release, actor=staf, reason="Saya mau ubah.")
    assert exc.value.code == "permission"
    services.release_unapprove(release=release, actor=sekretaris2, reason="Angka anggaran berubah.")
    release.refresh_from_db()
    assert release.status == S.DRAFT and release.approved_by is None
    assert release.review_comment == "Angka anggaran berubah."
    entry = _audit(release, "release.unapprove")
    assert (entry.from_state, entry.to_state, entry.data["reason"]) == (
        state,
        S.DRAFT,
        "Angka anggaran berubah.",
    )
    # Nothing goes out by itself any more.
    assert services.release_publish_due(now=timezone.now() + timedelta(days=1)) == []
    # The one who edits it now is not a second pair of eyes for the next approval.
    services.release_update(release=release, actor=sekretaris2, data={"summary": "Anggaran Rp 2 miliar."})
    services.release_submit(release=release, actor=staf)
    with pytest.raises(Refusal) as exc:
        services.release_approve(release=release, actor=sekretaris2)
    assert exc.value.code == "four_eyes"
    services.release_approve(release=release, actor=sekretaris)
    release.refresh_from_db()
    assert release.status == S.APPROVED


# --- embargo and schedule ------------------------------------------------------------------------
def test_embargo_change_is_audited_with_its_reason(release_in_state, sekretaris):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=2))
    new_embargo = timezone.now() + timedelta(hours=5)
    with pytest.raises(Refusal) as exc:
        services.release_timing_change(
            release=release, actor=sekretaris, embargo_until=new_embargo, publish_at=None, reason=" "
        )
    assert exc.value.field == "reason"
    services.release_timing_change(
        release=release,
        actor=sekretaris,
        embargo_until=new_embargo,
        publish_at=None,
        reason="Konferensi diundur.",
    )
    release.refresh_from_db()
    assert release.embargo_until == new_embargo and release.status == S.APPROVED
    entry = _audit(release, "release.timing_change")
    assert entry.actor == sekretaris and entry.data["reason"] == "Konferensi diundur."
    assert entry.data["after"]["embargo_until"] == new_embargo.isoformat()
    assert entry.data["before"]["embargo_until"] != entry.data["after"]["embargo_until"]


def test_embargo_change_refused_for_the_wrong_role_or_state(release_in_state, staf, sekretaris):
    later = timezone.now() + timedelta(hours=5)
    approved = release_in_state(S.APPROVED)
    with pytest.raises(Refusal) as exc:
        services.release_timing_change(
            release=approved, actor=staf, embargo_until=later, publish_at=None, reason="Diundur."
        )
    assert exc.value.code == "permission"
    for state in (S.DRAFT, S.IN_REVIEW, S.PUBLISHED):
        release = release_in_state(state)
        with pytest.raises(Refusal) as exc:
            services.release_timing_change(
                release=release, actor=sekretaris, embargo_until=later, publish_at=None, reason="Diundur."
            )
        assert exc.value.code == "state"
    with pytest.raises(Refusal) as exc:  # an embargo that ends in the past is lifted, not moved
        services.release_timing_change(
            release=approved,
            actor=sekretaris,
            embargo_until=timezone.now() - timedelta(hours=1),
            publish_at=None,
            reason="x",
        )
    assert exc.value.field == "embargo_until"
    with pytest.raises(Refusal) as exc:  # nor is a publication time in the past
        services.release_timing_change(
            release=approved,
            actor=sekretaris,
            embargo_until=None,
            publish_at=timezone.now() - timedelta(minutes=5),
            reason="x",
        )
    assert exc.value.field == "publish_at"


def test_scheduled_release_stays_consistent_with_its_new_embargo(release_in_state, sekretaris):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=2))
    release = services.release_publish(release=release, actor=sekretaris)  # scheduled for the embargo's end
    assert release.status == S.SCHEDULED and release.publish_at == release.embargo_until
    later = timezone.now() + timedelta(hours=6)
    services.release_timing_change(
        release=release,
        actor=sekretaris,
        embargo_until=later,
        publish_at=release.publish_at,
        reason="Diundur.",
    )
    release.refresh_from_db()
    assert release.embargo_until == later and release.publish_at == later
    # Not published by the sweep before the new time; published after it.
    assert services.release_publish_due(now=timezone.now() + timedelta(hours=3)) == []
    assert services.release_publish_due(now=later + timedelta(minutes=1)) == [release.pk]
    # An explicit publication time before the embargo's end is refused.
    other = services.release_publish(
        release=release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=2)),
        actor=sekretaris,
    )
    with pytest.raises(Refusal) as exc:
        services.release_timing_change(
            release=other,
            actor=sekretaris,
            embargo_until=later,
            publish_at=timezone.now() + timedelta(hours=3),
            reason="x",
        )
    assert exc.value.field == "publish_at"


def test_lift_embargo_now(release_in_state, sekretaris, staf):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    with pytest.raises(Refusal):
        services.release_embargo_lift(release=release, actor=staf, reason="Sudah diumumkan.")
    with pytest.raises(Refusal):
        services.release_embargo_lift(release=release, actor=sekretaris, reason="")
    services.release_embargo_lift(release=release, actor=sekretaris, reason="Menteri sudah mengumumkan.")
    release.refresh_from_db()
    assert release.embargo_until is None and not release.is_embargoed
    assert _audit(release, "release.embargo_lift").data["reason"] == "Menteri sudah mengumumkan."
    with pytest.raises(Refusal) as exc:  # nothing left to lift
        services.release_embargo_lift(release=release, actor=sekretaris, reason="Lagi.")
    assert exc.value.code == "no_embargo"
    release = services.release_publish(release=release, actor=sekretaris)
    assert release.status == S.PUBLISHED


# --- force publish -------------------------------------------------------------------------------
def test_force_publish_is_for_kepala_humas_only(release_in_state, sekretaris, kepala, client):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    with pytest.raises(Refusal) as exc:
        services.release_force_publish(release=release, actor=sekretaris, reason="Mendesak.")
    assert exc.value.code == "permission"
    with pytest.raises(Refusal) as exc:
        services.release_force_publish(release=release, actor=kepala, reason="")
    assert exc.value.field == "reason"
    assert client.get(release.get_absolute_url()).status_code == 404
    services.release_force_publish(
        release=release, actor=kepala, reason="Bencana: warga perlu tahu sekarang."
    )
    release.refresh_from_db()
    assert release.status == S.PUBLISHED and release.embargo_until is None and release.is_public
    entry = _audit(release, "release.force_publish")
    assert (
        entry.actor == kepala and entry.data["reason"].startswith("Bencana") and entry.data["embargo_until"]
    )
    assert client.get(release.get_absolute_url()).status_code == 200


def test_force_publish_of_a_scheduled_release_and_not_of_a_free_one(release_in_state, kepala):
    free = release_in_state(S.APPROVED)
    with pytest.raises(Refusal) as exc:
        services.release_force_publish(release=free, actor=kepala, reason="x")
    assert exc.value.code == "not_held"
    scheduled = release_in_state(S.SCHEDULED)
    services.release_force_publish(release=scheduled, actor=kepala, reason="Pengumuman dipercepat.")
    scheduled.refresh_from_db()
    assert scheduled.status == S.PUBLISHED and scheduled.published_at <= timezone.now()


# --- the staff pages ------------------------------------------------------------------------------
def test_correction_pages_for_proposer_and_approver(release_in_state, staf, sekretaris, client):
    release = release_in_state(S.PUBLISHED)
    client.force_login(staf)
    response = client.get(reverse("staff_releases:correct", args=[release.pk]))
    assert response.status_code == 200
    assert list(response.context["form"].fields["kind"].choices) == [
        ("major", str(ReleaseCorrection.Kind.MAJOR.label))
    ]
    data = {
        "kind": "major",
        "title": release.title,
        "summary": "Ada 25 posko.",
        "body": release.body,
        "change_note": "Jumlah posko diperbaiki.",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "new_attachments-TOTAL_FORMS": "0",
        "new_attachments-INITIAL_FORMS": "0",
    }
    # Formsets left out keep what is live (they are bound to the release's rows).
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "1",
            "quotes-0-id": str(release.quotes.get().pk),
            "quotes-0-speaker": "dr. Hendra",
            "quotes-0-role": "Kepala Dinas Kesehatan",
            "quotes-0-text": "Kami siap melayani.",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(release.contacts.get().pk),
            "contacts-0-name": "Rina",
            "contacts-0-role": "Sekretaris Pers",
            "contacts-0-phone": "0812",
            "contacts-0-email": "rina@example.go.id",
        }
    )
    response = client.post(reverse("staff_releases:correct", args=[release.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = release.corrections.get()
    assert correction.status == CS.PENDING and set(correction.proposed) == {"summary"}

    client.force_login(sekretaris)
    queue = client.get(reverse("staff_releases:review_queue")).content.decode()
    assert reverse("staff_releases:correction", args=[release.pk, correction.pk]) in queue
    page = client.get(reverse("staff_releases:correction", args=[release.pk, correction.pk])).content.decode()
    assert "<ins>25</ins>" in page or "<ins>" in page
    response = client.post(
        reverse("staff_releases:correction_action", args=[release.pk, correction.pk, "approve"]),
        {"comment": ""},
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.summary == "Ada 25 posko."


def test_timing_page_says_who_got_it_and_saves(release_in_state, sekretaris, client):
    from tests.releases.test_confirmations import sent_distribution

    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=2))
    sent_distribution(release, n=3)
    client.force_login(sekretaris)
    url = reverse("staff_releases:timing", args=[release.pk])
    page = client.get(url).content.decode()
    assert "sudah terkirim ke 3 penerima" in page
    later = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"embargo_until": later, "publish_at": "", "reason": ""})
    assert response.status_code == 200 and "alasan" in response.content.decode().lower()
    release.refresh_from_db()
    assert timezone.localtime(release.embargo_until).strftime("%Y-%m-%dT%H:%M") != later
    response = client.post(url, {"embargo_until": later, "publish_at": "", "reason": "Konferensi diundur."})
    assert response.status_code == 302 and response["Location"].endswith("?disimpan=1")
    release.refresh_from_db()
    assert timezone.localtime(release.embargo_until).strftime("%Y-%m-%dT%H:%M") == later
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="follow-ups"' in page


def test_timing_page_links_the_follow_up_when_distribution_offers_it(
    release_in_state, sekretaris, client, monkeypatch
):
    """The follow-up page belongs to the distribution app; when its URL resolves, one link per
    sent distribution, with ?jenis=embargo."""
    from releases import views
    from tests.releases.test_confirmations import sent_distribution

    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=2))
    distribution = sent_distribution(release, n=2)
    real_reverse = views.reverse

    def fake_reverse(name, *args, **kwargs):
        if name == "distribution:follow_up_create":
            return f"/staf/distribusi/{kwargs.get('args', args[0] if args else [''])[0]}/tindak-lanjut/"
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", fake_reverse)
    client.force_login(sekretaris)
    page = client.get(reverse("staff_releases:timing", args=[release.pk]) + "?disimpan=1").content.decode()
    assert f"/staf/distribusi/{distribution.pk}/tindak-lanjut/?jenis=embargo" in page


def test_force_publish_route_is_hidden_from_the_secretary(release_in_state, sekretaris, kepala, client):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    url = reverse("staff_releases:action", args=[release.pk, "force_publish"])
    client.force_login(sekretaris)
    detail = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-action="force_publish"' not in detail
    assert client.post(url, {"reason": "Mendesak."}).status_code == 404
    client.force_login(kepala)
    detail = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-action="force_publish"' in detail and 'data-action="lift_embargo"' in detail
    client.post(url, {"reason": ""})
    release.refresh_from_db()
    assert release.status == S.APPROVED  # refused without a reason
    assert client.post(url, {"reason": "Keadaan darurat."}).status_code == 302
    release.refresh_from_db()
    assert release.status == S.PUBLISHED


def test_lift_embargo_button_leads_to_the_notify_offer(release_in_state, sekretaris, client):
    from tests.releases.test_confirmations import sent_distribution

    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    sent_distribution(release, n=2)
    client.force_login(sekretaris)
    response = client.post(
        reverse("staff_releases:action", args=[release.pk, "lift_embargo"]), {"reason": "Sudah diumumkan."}
    )
    assert response.status_code == 302 and response["Location"].endswith("/embargo/?disimpan=1")
    page = client.get(response["Location"]).content.decode()
    assert "sudah terkirim ke 2 penerima" in page and 'data-testid="follow-ups"' in page
    release.refresh_from_db()
    assert release.embargo_until is None


def test_the_audit_page_shows_the_correction_decisions(release_in_state, staf, sekretaris, kepala, client):
    release = release_in_state(S.PUBLISHED)
    correction = services.release_correction_propose(
        release=release, actor=staf, change_note="Angka diperbaiki.", data={"summary": "Ada 25 posko."}
    )
    services.release_correction_approve(correction=correction, actor=sekretaris)
    client.force_login(kepala)
    page = client.get(reverse("staff:audit_list")).content.decode()
    assert "Koreksi besar siaran pers diusulkan" in page
    assert "Koreksi besar siaran pers disetujui dan diterapkan" in page
