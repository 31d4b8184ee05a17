"""Staff views of releases: thin — access helper, form, service, redirect."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from distribution.permissions import SEND_DISTRIBUTION
from kernel.access import permission_required_404, staff_required
from kernel.media import image_reencode, media_random_name
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages
from kernel.tasks import renditions_make_task
from kernel.uploads import (
    pending_uploads_done,
    pending_uploads_keep,
    pending_uploads_restore,
    upload_token_from,
)

from . import selectors, services
from .completeness import release_checklist
from .distribution_hooks import SENDABLE_RELEASE_STATUSES
from .forms import (
    AttachmentFormSet,
    CommentForm,
    ContactFormSet,
    CorrectionAttachmentFormSet,
    CorrectionForm,
    PhotoFormSet,
    QuoteFormSet,
    ReasonForm,
    ReleaseForm,
    ScheduleForm,
    TimingForm,
    check_image,
    file_rows,
    formset_rows,
    merge_stale_edit,
)
from .models import Category, Release, ReleaseCorrection, ReleasePhoto, ReleaseRevision
from .permissions import ADD_RELEASE, APPROVE_RELEASE, CHANGE_RELEASE, PUBLISH_RELEASE, VIEW_RELEASE
from .workflows import CORRECTION_WORKFLOW, RELEASE_WORKFLOW, release_edit_refusal

S = Release.Status


class ReleaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Cari"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=S.choices, empty_label=gettext_lazy("Semua")
    )
    author = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Penulis"), queryset=None, empty_label=gettext_lazy("Semua")
    )
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kategori"),
        queryset=Category.objects.order_by("name"),
        empty_label=gettext_lazy("Semua"),
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("Diubah sejak"),
        field_name="updated_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("Diubah sampai"),
        field_name="updated_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Release
        fields = ["q", "status", "author", "category", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.filters["author"].queryset = get_user_model().objects.filter(releases__isnull=False).distinct()

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(number__icontains=value) | Q(summary__icontains=value)
        )


def _page(request, qs, per_page=25):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


@require_safe
@permission_required_404(VIEW_RELEASE)
def release_list(request):
    release_filter = ReleaseFilter(request.GET, queryset=selectors.release_staff_list(user=request.user))
    page = _page(request, release_filter.qs)
    return render(
        request,
        "releases/staff/list.html",
        {"filter": release_filter, "page": page, "title": _("Siaran pers")},
    )


@require_safe
@permission_required_404(APPROVE_RELEASE)
def review_queue(request):
    page = _page(request, selectors.release_review_queue(user=request.user))
    corrections = selectors.correction_review_queue(user=request.user)[:100]
    return render(request, "releases/staff/review_queue.html", {"page": page, "corrections": corrections})


def _formsets(data, files, instance):
    return {
        "quotes": QuoteFormSet(data, instance=instance, prefix="quotes"),
        "contacts": ContactFormSet(data, instance=instance, prefix="contacts"),
        "photos": PhotoFormSet(data, files, instance=instance, prefix="photos"),
        "attachments": AttachmentFormSet(data, files, instance=instance, prefix="attachments"),
    }


NEW_PHOTOS = "photos_new"


def _with_new_photos(data, files):
    """Several photos chosen at once (`photos_new`, with `photos_new-<i>-alt|caption|credit`
    typed beside each) become extra rows of the photo formset, so they are checked and saved
    exactly like one photo added in a row."""
    new = files.getlist(NEW_PHOTOS)
    if not new:
        return data, files
    data = data.copy()
    files = files.copy()
    files.pop(NEW_PHOTOS)
    try:
        total = int(data.get("photos-TOTAL_FORMS") or 0)
    except ValueError:
        total = 0
    for i, upload in enumerate(new):
        row = f"photos-{total + i}"
        files[f"{row}-image"] = upload
        for field in ("alt", "caption", "credit"):
            data[f"{row}-{field}"] = data.get(f"{NEW_PHOTOS}-{i}-{field}", "")
    data["photos-TOTAL_FORMS"] = str(total + len(new))
    return data, files


def _valid_uploads(form, formsets, files):
    """The files of this POST that passed their own checks (kept if the save fails)."""
    uploads = []
    if "hero_image" in files and "hero_image" not in form.errors:
        uploads.append(("hero_image", files["hero_image"]))
    for name, field in (("photos", "image"), ("attachments", "file")):
        for f in formsets[name].forms:
            key = f.add_prefix(field)
            deleted = f.data.get(f.add_prefix("DELETE")) in ("on", "true", "1")
            if key in files and field not in f.errors and not deleted:
                uploads.append((key, files[key]))
    return uploads


def _mark_pending(form, formsets, kept):
    form.pending_hero = (kept.get("hero_image") or [None])[0]
    for name, field in (("photos", "image"), ("attachments", "file")):
        for f in formsets[name].forms:
            f.pending_file = (kept.get(f.add_prefix(field)) or [None])[0]


def _content_kwargs(form, formsets, *, files=True):
    return {
        "data": form.content_data(),
        "quotes": formset_rows(formsets["quotes"], ("speaker", "role", "text")),
        "contacts": formset_rows(formsets["contacts"], ("name", "role", "phone", "email")),
        "photos": file_rows(formsets["photos"], "image", ("alt", "caption", "credit")) if files else None,
        "attachments": file_rows(formsets["attachments"], "file", ("title",)) if files else None,
        "tags": form.tag_names(),
        "hero_image": form.hero_image_value() if files else None,
    }


def _base_version(request, form):
    """The version the posted edit is based on: the form's, or, after a refused stale edit, the
    version the user was shown and chose to put her own text over ("Terapkan ulang isian saya")."""
    reapply = request.POST.get("reapply_version", "")
    if reapply.isdigit():
        return int(reapply)
    return form.cleaned_data.get("version")


def _new_release_initial():
    """A new release starts with the office's dateline in its lead (organisation profile)."""
    from kernel.selectors import organisation_profile_get

    city = (organisation_profile_get().dateline_city or "").strip()
    return {"summary": f"{city.upper()} – "} if city else {}


def _editor(request, release=None):
    instance = release or Release()
    token = upload_token_from(request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST":
        # Files chosen before a failed save come back under their inputs' names (kernel.uploads).
        files, _kept = pending_uploads_restore(
            user=request.user, token=token, data=request.POST, files=request.FILES
        )
        data, files = _with_new_photos(request.POST, files)
        form = ReleaseForm(data, files, instance=instance)
        formsets = _formsets(data, files, instance)
        # Every form is validated (no short circuit), so each file's own verdict is known.
        valid = [form.is_valid()] + [fs.is_valid() for fs in formsets.values()]
        if all(valid):
            base_version = None
            try:
                kwargs = _content_kwargs(form, formsets)
                if release is None:
                    release = services.release_create(actor=request.user, **kwargs)
                    messages.success(request, _("Draf siaran pers disimpan."))
                else:
                    base_version = _base_version(request, form)
                    release = services.release_update(
                        release=release, actor=request.user, base_version=base_version, **kwargs
                    )
                    messages.success(request, _("Perubahan disimpan sebagai revisi baru."))
                pending_uploads_done(user=request.user, token=token)
                return redirect("staff_releases:detail", pk=release.pk)
            except Refusal as exc:
                # Nothing was written (one transaction); the form keeps what was typed.
                refusal_to_form(form, exc)
                if exc.code == "conflict":
                    conflict = selectors.release_changes_since(release, base_version or 0)
                    form, formsets = _merge_conflict(data, files, instance, form, formsets, conflict, exc)
        kept = pending_uploads_keep(
            user=request.user, token=token, uploads=_valid_uploads(form, formsets, files)
        )
        _mark_pending(form, formsets, kept)
    else:
        form = ReleaseForm(instance=instance, initial=None if release else _new_release_initial())
        formsets = _formsets(None, None, instance)
    return render(
        request,
        "releases/staff/edit.html",
        {
            "form": form,
            "formsets": formsets,
            "release": release,
            "conflict": conflict,
            "checklist": release_checklist(release) if release else None,
            "upload_token": token,
        },
    )


def _merge_conflict(data, files, instance, form, formsets, conflict, refusal):
    """The form shown again after a stale edit: the user's input where she changed a field, theirs
    where only they did (forms.merge_stale_edit); `conflict` learns which fields went which way."""
    from .revisions import revision_snapshot

    if conflict is None or conflict["base"] is None:
        return form, formsets
    merged, taken, both = merge_stale_edit(
        data, revision_snapshot(conflict["base"]), revision_snapshot(conflict["newest"])
    )
    labels = {"quotes": _("Kutipan"), "contacts": _("Narahubung")}
    conflict["taken"] = [labels.get(f) or form.fields[f].label for f in taken]
    conflict["both"] = [labels.get(f) or form.fields[f].label for f in both]
    if not taken:
        return form, formsets
    form = ReleaseForm(merged, files, instance=instance)
    formsets = _formsets(merged, files, instance)
    form.is_valid()
    for formset in formsets.values():
        formset.is_valid()
    refusal_to_form(form, refusal)
    return form, formsets


@permission_required_404(ADD_RELEASE)
def release_create(request):
    return _editor(request)


@permission_required_404(CHANGE_RELEASE)
def release_edit(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    if release_edit_refusal(release, request.user) is not None:
        messages.error(request, _("Hanya draf yang dapat diubah. Siaran pers yang sudah terbit dikoreksi."))
        return redirect("staff_releases:detail", pk=release.pk)
    return _editor(request, release)


@require_POST
@permission_required_404(ADD_RELEASE)
def release_autosave_new(request):
    """The first autosave of a release being written: it becomes a draft (release_create, as
    "Simpan draf" would), and the page carries on as that draft's edit form (the answer names its
    edit and autosave addresses; release-autosave.js switches the form over)."""
    form = ReleaseForm(request.POST, instance=Release())
    formsets = _formsets(request.POST, None, None)
    text_formsets = {k: formsets[k] for k in ("quotes", "contacts")}
    if not (form.is_valid() and all(fs.is_valid() for fs in text_formsets.values())):
        return JsonResponse(
            {
                "ok": False,
                "message": _("Belum tersimpan otomatis: periksa isian yang ditandai saat menyimpan."),
            },
            status=400,
        )
    kwargs = _content_kwargs(form, {**formsets, **text_formsets}, files=False)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    try:
        release = services.release_create(actor=request.user, **kwargs)
    except Refusal as exc:
        return JsonResponse({"ok": False, "conflict": False, "message": str(exc)}, status=400)
    saved_at = timezone.localtime(release.updated_at).strftime("%H:%M")
    return JsonResponse(
        {
            "ok": True,
            "version": release.version,
            "saved_at": saved_at,
            "message": _("Tersimpan otomatis %(time)s") % {"time": saved_at},
            "edit_url": reverse("staff_releases:edit", args=[release.pk]),
            "autosave_url": reverse("staff_releases:autosave", args=[release.pk]),
        }
    )


@require_POST
@permission_required_404(CHANGE_RELEASE)
def release_autosave(request, pk):
    """The edit form's autosave (static/js/release-autosave.js): the same form, the same service
    and the same version check as "Simpan draf", for drafts only; photos and attachments wait
    for the real save (their files are not sent every 20 seconds). Answers JSON: the new version,
    or why nothing was saved (409 for a stale version: reported, never overwritten)."""
    release = selectors.release_get_for_user(request.user, pk)
    form = ReleaseForm(request.POST, instance=release)
    formsets = _formsets(request.POST, None, release)
    text_formsets = {k: formsets[k] for k in ("quotes", "contacts")}
    if not (form.is_valid() and all(fs.is_valid() for fs in text_formsets.values())):
        return JsonResponse(
            {
                "ok": False,
                "message": _("Belum tersimpan otomatis: periksa isian yang ditandai saat menyimpan."),
            },
            status=400,
        )
    kwargs = _content_kwargs(form, {**formsets, **text_formsets}, files=False)
    try:
        release = services.release_update(
            release=release,
            actor=request.user,
            base_version=form.cleaned_data.get("version"),
            autosave=True,
            **kwargs,
        )
    except Refusal as exc:
        status = 409 if exc.code == "conflict" else 400
        return JsonResponse(
            {"ok": False, "conflict": exc.code == "conflict", "message": str(exc)}, status=status
        )
    saved_at = timezone.localtime(release.updated_at).strftime("%H:%M")
    return JsonResponse(
        {
            "ok": True,
            "version": release.version,
            "saved_at": saved_at,
            "message": _("Tersimpan otomatis %(time)s") % {"time": saved_at},
        }
    )


def staff_actions(release, user):
    """What the detail page offers `user` on `release`: the workflow moves the declaration lets
    them make now (releases/workflows.py, the same rule the services apply), plus editing and
    the way to the distribution page."""
    actions = RELEASE_WORKFLOW.action_names_for(release, user)
    if release_edit_refusal(release, user) is None:
        actions.add("edit")
    # Not moves of the workflow (the release's state stays): new drafts made from this one.
    if user.has_perm(ADD_RELEASE):
        actions.add("duplicate")
        if (
            release.language != services.TRANSLATION_LANGUAGE
            and not release.translations.filter(language=services.TRANSLATION_LANGUAGE).exists()
        ):
            actions.add("translate")
    # Sending to journalists is the distribution app's move (its permission; the source check in
    # distribution_hooks refuses other states): only the button to get there is drawn here.
    if release.status in SENDABLE_RELEASE_STATUSES and user.has_perm(SEND_DISTRIBUTION):
        actions.add("send")
    return actions


@require_safe
@permission_required_404(VIEW_RELEASE)
def release_detail(request, pk):
    from .presskit.selectors import presskit_staff_status

    release = selectors.release_get_for_user(request.user, pk)
    revisions = selectors.release_revisions(release)
    user = request.user
    actions = staff_actions(release, user)
    # Why a reviewer sees no review buttons on a release waiting for review (she wrote, edited or
    # submitted it): the workflow's own words, shown before she tries.
    language_versions = selectors.release_language_versions(release, public_only=False)
    review_refusal = None
    if "approve" not in actions:
        refusal = RELEASE_WORKFLOW.refusal_for("approve", release, user)
        review_refusal = refusal if refusal is not None and refusal.code == "four_eyes" else None
    return render(
        request,
        "releases/staff/detail.html",
        {
            "release": release,
            "revisions": revisions,
            "actions": actions,
            "share_url": selectors.share_url_for(release),
            "can_revoke_share": user.has_perm(CHANGE_RELEASE),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "schedule_form": ScheduleForm(initial={"publish_at": release.publish_at}),
            "presskit": presskit_staff_status(release),
            "review_refusal": review_refusal,
            "whatsapp_text": selectors.release_whatsapp_text(release),
            "whatsapp_url": selectors.release_whatsapp_share_url(release),
            "show_mail": release.status in SENDABLE_RELEASE_STATUSES,
            "room_recipients": selectors.embargo_room_recipients(release),
            "room_openings": selectors.embargo_room_openings(release),
            "can_revoke_room": user.has_perm(CHANGE_RELEASE),
            "checklist": release_checklist(release) if release.status == S.DRAFT else None,
            "language_versions": language_versions,
            "corrections": selectors.release_corrections_for_staff(release),
        },
    )


@require_POST
@permission_required_404(ADD_RELEASE)
def release_duplicate(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    try:
        copy = services.release_duplicate(release=release, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect("staff_releases:detail", pk=release.pk)
    messages.success(
        request, _("Draf baru dibuat dari salinan siaran pers ini. Periksa dan ubah seperlunya.")
    )
    return redirect("staff_releases:edit", pk=copy.pk)


@require_POST
@permission_required_404(ADD_RELEASE)
def release_translation_create(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    try:
        translation = services.release_translation_create(release=release, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect("staff_releases:detail", pk=release.pk)
    messages.success(
        request,
        _("Draf versi bahasa Inggris dibuat dari naskah aslinya. Terjemahkan lalu ajukan seperti biasa."),
    )
    return redirect("staff_releases:edit", pk=translation.pk)


def _submit(request, release):
    services.release_submit(release=release, actor=request.user)
    return _("Siaran pers diajukan untuk persetujuan.")


def _approve(request, release):
    release = services.release_approve(
        release=release, actor=request.user, comment=request.POST.get("comment", "")
    )
    return _("Siaran pers disetujui dengan nomor %(n)s.") % {"n": release.number}


def _reject(request, release):
    services.release_reject(release=release, actor=request.user, comment=request.POST.get("comment", ""))
    return _("Siaran pers dikembalikan ke penulis dengan catatan.")


def _publish(request, release):
    release = services.release_publish(release=release, actor=request.user)
    if release.status == S.SCHEDULED:
        return _("Embargo masih berlaku: siaran pers dijadwalkan terbit saat embargo berakhir.")
    return _("Siaran pers diterbitkan.")


def _schedule(request, release):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise Refusal(_("Isi waktu terbit dengan benar."), field="publish_at")
    services.release_schedule(release=release, actor=request.user, publish_at=form.cleaned_data["publish_at"])
    return _("Siaran pers dijadwalkan.")


def _unschedule(request, release):
    services.release_unschedule(release=release, actor=request.user)
    return _("Jadwal terbit dibatalkan.")


def _confirmed(request):
    return request.POST.get("confirm") == "1"


def _confirm_page(request, release, action):
    """Withdraw and unpublish are confirmed on a page that says what will happen and to how many
    before anything is written; a POST without `confirm=1` lands here, whatever sent it."""
    from distribution.selectors import source_sent_summary

    from .presskit.selectors import presskit_history

    kits = presskit_history(release).filter(status="ready").count()
    return render(
        request,
        "releases/staff/confirm.html",
        {
            "release": release,
            "action": action,
            "label": RELEASE_WORKFLOW.transition(action).label,
            "reason": request.POST.get("reason", ""),
            "sent": source_sent_summary(release),
            "kits": kits,
            "photos": release.photos.count() + (1 if release.hero_image else 0),
            "attachments": release.attachments.count(),
            "is_public": release.is_public,
        },
    )


def _withdraw(request, release):
    if not _confirmed(request):
        return _confirm_page(request, release, "withdraw")
    services.release_withdraw(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _(
        "Siaran pers ditarik; halamannya tetap ada dengan pemberitahuan dan press kit dibuat ulang bertanda DITARIK."
    )


def _unpublish(request, release):
    if not _confirmed(request):
        return _confirm_page(request, release, "unpublish")
    services.release_unpublish(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Siaran pers dibatalkan terbitnya.")


def _lift_embargo(request, release):
    services.release_embargo_lift(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    message = _("Embargo dicabut.")
    if release.status == S.SCHEDULED:
        message += " " + _("Jadwal terbit tetap; terbitkan sekarang bila perlu.")
    # Those who got it under embargo are offered a follow-up on the embargo page.
    return message, redirect(f"{reverse('staff_releases:timing', args=[release.pk])}?disimpan=1")


def _unapprove(request, release):
    services.release_unapprove(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Siaran pers dikembalikan ke draf; persetujuan berikutnya memerlukan peninjau lagi.")


def _force_publish(request, release):
    services.release_force_publish(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Siaran pers diterbitkan sekarang, sebelum embargo atau jadwalnya.")


# The workflow moves made by one button on the detail page. `correct`, `propose_correction` and
# `change_timing` have their own pages (a form); `publish_scheduled` is beat's and has no button.
ACTION_VIEWS = {
    "submit": _submit,
    "approve": _approve,
    "reject": _reject,
    "publish": _publish,
    "schedule": _schedule,
    "unschedule": _unschedule,
    "withdraw": _withdraw,
    "unpublish": _unpublish,
    "lift_embargo": _lift_embargo,
    "unapprove": _unapprove,
    "force_publish": _force_publish,
}


@require_POST
@staff_required
def release_action(request, pk, action):
    if action not in ACTION_VIEWS:
        raise Http404
    # Someone who may never make this move does not learn that the route exists.
    if not request.user.has_perm(RELEASE_WORKFLOW.transition(action).permission):
        raise Http404
    release = selectors.release_get_for_user(request.user, pk)
    try:
        result = ACTION_VIEWS[action](request, release)
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect("staff_releases:detail", pk=release.pk)
    if isinstance(result, HttpResponse):  # a confirmation page: nothing was written yet
        return result
    if isinstance(result, tuple):
        message, response = result
        messages.success(request, message)
        return response
    messages.success(request, result)
    return redirect("staff_releases:detail", pk=release.pk)


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def share_revoke(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    try:
        services.release_share_links_revoke(release=release, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Semua tautan pratinjau lama dicabut. Bagikan tautan baru di bawah ini."))
    return redirect("staff_releases:detail", pk=release.pk)


def _correction_kinds(release, user):
    """The kinds of correction `user` may make on `release` now, by the workflow's moves."""
    allowed = RELEASE_WORKFLOW.action_names_for(release, user)
    kinds = []
    if "correct" in allowed:
        kinds.append(ReleaseCorrection.Kind.MINOR)
    if "propose_correction" in allowed:
        kinds.append(ReleaseCorrection.Kind.MAJOR)
    return kinds


@permission_required_404(CHANGE_RELEASE)
def release_correct(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    kinds = _correction_kinds(release, request.user)
    if not kinds:
        refusal = RELEASE_WORKFLOW.refusal_for("propose_correction", release, request.user)
        if refusal is None:
            refusal = RELEASE_WORKFLOW.refusal_for("correct", release, request.user)
        refusal_to_messages(request, refusal)
        return redirect("staff_releases:detail", pk=release.pk)
    wanted = request.GET.get("jenis")
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = CorrectionForm(
        data,
        release=release,
        kinds=kinds,
        initial={
            "kind": wanted if wanted in kinds else kinds[0],
            "title": release.title,
            "summary": release.summary,
            "body": release.body,
            "hero_caption": release.hero_caption,
        },
    )

    def sent(prefix):
        # A formset left out of the POST (a client posting the text only) means "unchanged".
        return data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None

    quotes = QuoteFormSet(sent("quotes"), instance=release, prefix="quotes")
    contacts = ContactFormSet(sent("contacts"), instance=release, prefix="contacts")
    new_attachments = CorrectionAttachmentFormSet(
        sent("new_attachments"), files if sent("new_attachments") else None, prefix="new_attachments"
    )
    formsets = (quotes, contacts, new_attachments)
    if request.method == "POST":
        # Every part is validated (not short-circuited), so all errors show at once.
        checked = [form.is_valid(), *(fs.is_valid() for fs in formsets if fs.is_bound)]
        valid = all(checked)
        if valid:
            content = {
                "change_note": form.cleaned_data["change_note"],
                "data": form.content_data(),
                "quotes": formset_rows(quotes, ("speaker", "role", "text")) if quotes.is_bound else None,
                "contacts": formset_rows(contacts, ("name", "role", "phone", "email"))
                if contacts.is_bound
                else None,
                "captions": form.captions(),
                "remove_attachments": form.cleaned_data.get("remove_attachments") or (),
            }
            added = (
                [row for row in (f.row() for f in new_attachments.forms if f.cleaned_data) if row]
                if new_attachments.is_bound
                else []
            )
            try:
                if form.cleaned_data["kind"] == ReleaseCorrection.Kind.MAJOR:
                    services.release_correction_propose(
                        release=release, actor=request.user, new_attachments=added, **content
                    )
                    messages.success(
                        request,
                        _(
                            "Koreksi besar diusulkan. Versi yang terbit tetap berlaku sampai koreksi disetujui."
                        ),
                    )
                else:
                    if added:
                        raise Refusal(
                            _("Lampiran baru adalah koreksi besar: ajukan sebagai koreksi besar."),
                            field="kind",
                            code="major_required",
                        )
                    services.release_correct(release=release, actor=request.user, **content)
                    messages.success(request, _("Koreksi disimpan dan tampil di halaman publik."))
                return redirect("staff_releases:detail", pk=release.pk)
            except Refusal as exc:
                refusal_to_form(form, exc)
    return render(
        request,
        "releases/staff/correct.html",
        {
            "form": form,
            "release": release,
            "quotes": quotes,
            "contacts": contacts,
            "new_attachments": new_attachments,
        },
    )


@require_safe
@permission_required_404(VIEW_RELEASE)
def correction_detail(request, pk, correction_pk):
    release = selectors.release_get_for_user(request.user, pk)
    correction = selectors.correction_get_for_user(request.user, release, correction_pk)
    actions = CORRECTION_WORKFLOW.action_names_for(correction, request.user)
    refusal = None
    if correction.status == ReleaseCorrection.Status.PENDING and "approve" not in actions:
        refusal = CORRECTION_WORKFLOW.refusal_for("approve", correction, request.user)
    return render(
        request,
        "releases/staff/correction.html",
        {
            "release": release,
            "correction": correction,
            "diff": selectors.correction_diff(correction, release)
            if correction.status == ReleaseCorrection.Status.PENDING
            else [],
            "actions": actions,
            "refusal": refusal if refusal is not None and refusal.code == "four_eyes" else None,
        },
    )


@require_POST
@permission_required_404(APPROVE_RELEASE)
def correction_action(request, pk, correction_pk, action):
    release = selectors.release_get_for_user(request.user, pk)
    correction = selectors.correction_get_for_user(request.user, release, correction_pk)
    try:
        if action == "approve":
            services.release_correction_approve(
                correction=correction, actor=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Koreksi disetujui dan kini tampil di halaman publik."))
        elif action == "reject":
            services.release_correction_reject(
                correction=correction, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("Koreksi ditolak; versi yang terbit tetap berlaku dan pengusul diberi tahu.")
            )
        else:
            raise Http404
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect("staff_releases:correction", pk=release.pk, correction_pk=correction.pk)
    return redirect("staff_releases:detail", pk=release.pk)


def _follow_up_links(sent):
    """A "tell them" link per distribution that already went out, to the distribution app's
    follow-up page, when that page exists (it is built separately; without it, no link)."""
    from django.urls import NoReverseMatch

    links = []
    for distribution in sent["distributions"]:
        try:
            url = reverse("distribution:follow_up_create", args=[distribution.pk])
        except NoReverseMatch:
            return []
        links.append((distribution, f"{url}?jenis=embargo"))
    return links


@permission_required_404(PUBLISH_RELEASE)
def release_timing(request, pk):
    """Move the embargo or the publication time of an approved or scheduled release; say who
    already got it under the old embargo and, once saved, offer to tell them."""
    from distribution.selectors import source_sent_summary

    release = selectors.release_get_for_user(request.user, pk)
    allowed = RELEASE_WORKFLOW.action_names_for(release, request.user)
    saved = request.GET.get("disimpan") == "1"
    if "change_timing" not in allowed and not saved:
        refusal_to_messages(request, RELEASE_WORKFLOW.refusal_for("change_timing", release, request.user))
        return redirect("staff_releases:detail", pk=release.pk)
    if request.method == "POST":
        form = TimingForm(request.POST)
        if form.is_valid():
            try:
                services.release_timing_change(
                    release=release,
                    actor=request.user,
                    embargo_until=form.cleaned_data["embargo_until"],
                    publish_at=form.cleaned_data["publish_at"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Embargo dan waktu terbit disimpan."))
                return redirect(f"{reverse('staff_releases:timing', args=[release.pk])}?disimpan=1")
            except Refusal as exc:
                refusal_to_form(form, exc)
    else:
        form = TimingForm(initial={"embargo_until": release.embargo_until, "publish_at": release.publish_at})
    sent = source_sent_summary(release)
    return render(
        request,
        "releases/staff/timing.html",
        {
            "release": release,
            "form": form,
            "sent": sent,
            "saved": saved,
            "follow_ups": _follow_up_links(sent) if saved else [],
            "can_change": "change_timing" in allowed,
            "can_lift": "lift_embargo" in allowed,
        },
    )


@require_safe
@permission_required_404(VIEW_RELEASE)
def revision_compare(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    revisions = selectors.release_revisions(release)
    if not revisions:
        raise Http404
    by_number = {r.number: r for r in revisions}

    def pick(name, default):
        try:
            return by_number[int(request.GET.get(name, default))]
        except (KeyError, ValueError, TypeError):
            return by_number[default]

    newest = revisions[0].number
    b = pick("b", newest)
    a = pick("a", max(b.number - 1, revisions[-1].number))
    return render(
        request,
        "releases/staff/compare.html",
        {
            "release": release,
            "revisions": revisions,
            "a": a,
            "b": b,
            "diff": selectors.revision_diff(a, b),
            "only_changed": request.GET.get("berubah") == "1",
            "can_restore": release_edit_refusal(release, request.user) is None,
        },
    )


@require_POST
@permission_required_404(CHANGE_RELEASE)
def revision_restore(request, pk, number):
    release = selectors.release_get_for_user(request.user, pk)
    revision = get_object_or_404(ReleaseRevision, release=release, number=number)
    try:
        services.release_restore_revision(release=release, revision=revision, actor=request.user)
        messages.success(request, _("Revisi %(n)s dipulihkan sebagai revisi baru.") % {"n": number})
    except Refusal as exc:
        refusal_to_messages(request, exc)
    return redirect("staff_releases:detail", pk=release.pk)


@require_safe
@permission_required_404(VIEW_RELEASE)
def release_preview(request, pk):
    """Exactly the public page, rendered for a staff member before it is public."""
    from .views_public import render_detail

    release = selectors.release_get_for_user(request.user, pk)
    return render_detail(request, release, preview=True)


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def photo_inline(request, pk, photo_pk):
    """Alt text and caption of one saved photo, edited in place on the edit form (fetch POST)."""
    release = selectors.release_get_for_user(request.user, pk)
    photo = get_object_or_404(ReleasePhoto, pk=photo_pk, release=release)
    try:
        photo = services.release_photo_update(
            photo=photo,
            actor=request.user,
            alt=request.POST.get("alt", ""),
            caption=request.POST.get("caption", ""),
            credit=request.POST.get("credit"),
        )
    except Refusal as exc:
        return JsonResponse({"ok": False, "message": str(exc.message), "field": exc.field}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "message": _("Tersimpan."),
            "alt": photo.alt,
            "caption": photo.caption,
            "credit": photo.credit,
        }
    )


@require_POST
@permission_required_404(CHANGE_RELEASE)
def image_upload(request):
    """CKEditor 5's image upload: staff only, judged by content (Pillow), stored under a random name."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Tidak ada berkas.")}}, status=400)
    try:
        check_image(upload)
    except forms.ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    # Decoded and encoded again (kernel.media): metadata and anything riding along are dropped.
    data, extension = image_reencode(upload)
    name = default_storage.save(media_random_name("releases/editor", extension), ContentFile(data))
    # Mail and pages show the editor's images at 600 px (kernel.renditions); made by a worker.
    renditions_make_task.delay(name)
    return JsonResponse({"url": default_storage.url(name)})


# The mail preview is a document of its own: mail HTML needs style="" (mail clients ignore
# stylesheets), which the site policy forbids, and a srcdoc frame inherits the page's policy
# (so it showed unstyled). This policy allows inline style and the site's images and nothing
# else: no script, no form, no base, sandboxed, framed only by our own pages.
MAIL_PREVIEW_CSP = (
    "default-src 'none'; img-src {site} 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox"
)


@require_safe
@xframe_options_sameorigin
@staff_required
@permission_required_404(VIEW_RELEASE)
def release_mail_preview(request, pk):
    """The release's mail HTML exactly as the distribution builder makes it (for a sample
    recipient), for the sandboxed frame on the detail page."""
    from types import SimpleNamespace

    from kernel.siteurl import absolute_url

    from .distribution_hooks import release_mail

    release = selectors.release_get_for_user(request.user, pk)
    if release.status not in SENDABLE_RELEASE_STATUSES:
        raise Http404
    # Not a contact row: the mail has no unsubscribe link and its embargo-room link opens only
    # for staff (as in a test mail).
    sample = SimpleNamespace(pk=None, name=_("Nama Wartawan"), email="wartawan@example.id", language="id")
    mail = release_mail(release, sample, None)
    response = HttpResponse(mail.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = MAIL_PREVIEW_CSP.format(site=absolute_url(""))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _room_journalist(request):
    """The journalist named by the form, or None (the view then says so)."""
    from contacts.selectors import journalist_get

    journalist_id = request.POST.get("journalist", "")
    if not journalist_id.isdigit():
        return None
    try:
        return journalist_get(int(journalist_id))
    except Http404:
        return None


def _room_redirect(release):
    return redirect(reverse("staff_releases:detail", kwargs={"pk": release.pk}) + "#ruang-embargo")


def _room_link_change(request, pk, service, done):
    release = selectors.release_get_for_user(request.user, pk)
    journalist = _room_journalist(request)
    if journalist is None:
        messages.error(request, _("Pilih wartawan yang tautannya akan diubah."))
        return _room_redirect(release)
    try:
        service(release=release, journalist=journalist, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, done % {"name": journalist.name})
    return _room_redirect(release)


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def embargo_room_revoke(request, pk):
    return _room_link_change(
        request, pk, services.embargo_room_revoke, _("Tautan ruang embargo untuk %(name)s dicabut.")
    )


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def embargo_room_restore(request, pk):
    return _room_link_change(
        request, pk, services.embargo_room_restore, _("Tautan ruang embargo untuk %(name)s dipulihkan.")
    )
