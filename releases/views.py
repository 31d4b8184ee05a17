"""Staff views of releases: thin — access helper, form, service, redirect."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from distribution.permissions import SEND_DISTRIBUTION
from kernel.access import permission_required_404, staff_required
from kernel.media import image_reencode, media_random_name
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages

from . import selectors, services
from .completeness import release_checklist
from .distribution_hooks import SENDABLE_RELEASE_STATUSES
from .forms import (
    AttachmentFormSet,
    CommentForm,
    ContactFormSet,
    CorrectionForm,
    PhotoFormSet,
    QuoteFormSet,
    ReasonForm,
    ReleaseForm,
    ScheduleForm,
    check_image,
    file_rows,
    formset_rows,
    merge_stale_edit,
)
from .models import Category, Release, ReleaseRevision
from .permissions import ADD_RELEASE, APPROVE_RELEASE, CHANGE_RELEASE, PUBLISH_RELEASE, VIEW_RELEASE
from .workflows import RELEASE_WORKFLOW, release_edit_refusal

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
    return render(request, "releases/staff/review_queue.html", {"page": page})


def _formsets(request, instance, data=None):
    if data is None and request.method == "POST":
        data = request.POST
    files = request.FILES if request.method == "POST" else None
    return {
        "quotes": QuoteFormSet(data, instance=instance, prefix="quotes"),
        "contacts": ContactFormSet(data, instance=instance, prefix="contacts"),
        "photos": PhotoFormSet(data, files, instance=instance, prefix="photos"),
        "attachments": AttachmentFormSet(data, files, instance=instance, prefix="attachments"),
    }


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
    conflict = None
    if request.method == "POST":
        form = ReleaseForm(request.POST, request.FILES, instance=instance)
        formsets = _formsets(request, instance)
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
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
                return redirect("staff_releases:detail", pk=release.pk)
            except Refusal as exc:
                # Nothing was written (one transaction); the form keeps what was typed.
                refusal_to_form(form, exc)
                if exc.code == "conflict":
                    conflict = selectors.release_changes_since(release, base_version or 0)
                    form, formsets = _merge_conflict(request, instance, form, formsets, conflict, exc)
    else:
        form = ReleaseForm(instance=instance, initial=None if release else _new_release_initial())
        formsets = _formsets(request, instance)
    return render(
        request,
        "releases/staff/edit.html",
        {
            "form": form,
            "formsets": formsets,
            "release": release,
            "conflict": conflict,
            "checklist": release_checklist(release) if release else None,
        },
    )


def _merge_conflict(request, instance, form, formsets, conflict, refusal):
    """The form shown again after a stale edit: the user's input where she changed a field, theirs
    where only they did (forms.merge_stale_edit); `conflict` learns which fields went which way."""
    from .revisions import revision_snapshot

    if conflict is None or conflict["base"] is None:
        return form, formsets
    merged, taken, both = merge_stale_edit(
        request.POST, revision_snapshot(conflict["base"]), revision_snapshot(conflict["newest"])
    )
    labels = {"quotes": _("Kutipan"), "contacts": _("Narahubung")}
    conflict["taken"] = [labels.get(f) or form.fields[f].label for f in taken]
    conflict["both"] = [labels.get(f) or form.fields[f].label for f in both]
    if not taken:
        return form, formsets
    form = ReleaseForm(merged, request.FILES, instance=instance)
    formsets = _formsets(request, instance, data=merged)
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
    formsets = _formsets(request, None)
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
    formsets = _formsets(request, release)
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
            "checklist": release_checklist(release) if release.status == S.DRAFT else None,
            "language_versions": language_versions,
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


def _withdraw(request, release):
    services.release_withdraw(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Siaran pers ditarik; halamannya tetap ada dengan pemberitahuan.")


def _unpublish(request, release):
    services.release_unpublish(release=release, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Siaran pers dibatalkan terbitnya.")


# The workflow moves made by one button on the detail page. `correct` has its own page (a form);
# `publish_scheduled` is beat's and has no button.
ACTION_VIEWS = {
    "submit": _submit,
    "approve": _approve,
    "reject": _reject,
    "publish": _publish,
    "schedule": _schedule,
    "unschedule": _unschedule,
    "withdraw": _withdraw,
    "unpublish": _unpublish,
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
        messages.success(request, ACTION_VIEWS[action](request, release))
    except Refusal as exc:
        refusal_to_messages(request, exc)
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


@permission_required_404(PUBLISH_RELEASE)
def release_correct(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    refusal = RELEASE_WORKFLOW.refusal_for("correct", release, request.user)
    if refusal is not None:
        refusal_to_messages(request, refusal)
        return redirect("staff_releases:detail", pk=release.pk)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.release_correct(
                    release=release,
                    actor=request.user,
                    change_note=form.cleaned_data["change_note"],
                    data={k: form.cleaned_data[k] for k in ("title", "summary", "body")},
                )
                messages.success(request, _("Koreksi disimpan dan tampil di halaman publik."))
                return redirect("staff_releases:detail", pk=release.pk)
            except Refusal as exc:
                refusal_to_form(form, exc)
    else:
        form = CorrectionForm(
            initial={"title": release.title, "summary": release.summary, "body": release.body}
        )
    return render(request, "releases/staff/correct.html", {"form": form, "release": release})


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
    return JsonResponse({"url": default_storage.url(name)})
