"""Staff views of releases: thin — access helper, form, service, redirect."""

import io
import os
import uuid

import django_filters
from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from kernel.access import permission_required_404, staff_required

from . import selectors, services
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
)
from .models import Category, Release, ReleaseRevision
from .services import ReleaseActionError

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
@permission_required_404("releases.view_release")
def release_list(request):
    release_filter = ReleaseFilter(request.GET, queryset=selectors.release_staff_list(user=request.user))
    page = _page(request, release_filter.qs)
    return render(
        request,
        "releases/staff/list.html",
        {"filter": release_filter, "page": page, "title": _("Siaran pers")},
    )


@require_safe
@permission_required_404("releases.approve_release")
def review_queue(request):
    page = _page(request, selectors.release_review_queue(user=request.user))
    return render(request, "releases/staff/review_queue.html", {"page": page})


def _formsets(request, instance):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return {
        "quotes": QuoteFormSet(data, instance=instance, prefix="quotes"),
        "contacts": ContactFormSet(data, instance=instance, prefix="contacts"),
        "photos": PhotoFormSet(data, files, instance=instance, prefix="photos"),
        "attachments": AttachmentFormSet(data, files, instance=instance, prefix="attachments"),
    }


def _content_kwargs(form, formsets):
    return {
        "data": form.content_data(),
        "quotes": formset_rows(formsets["quotes"], ("speaker", "role", "text")),
        "contacts": formset_rows(formsets["contacts"], ("name", "role", "phone", "email")),
        "photos": file_rows(formsets["photos"], "image", ("alt", "caption", "credit")),
        "attachments": file_rows(formsets["attachments"], "file", ("title",)),
        "tags": form.tag_names(),
        "hero_image": form.hero_image_value(),
    }


def _editor(request, release=None):
    instance = release or Release()
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
                    release = services.release_update(release=release, actor=request.user, **kwargs)
                    messages.success(request, _("Perubahan disimpan sebagai revisi baru."))
                return redirect("staff_releases:detail", pk=release.pk)
            except ReleaseActionError as exc:
                # Nothing was written (one transaction); the form keeps what was typed.
                form.add_error(None, exc.message)
    else:
        form = ReleaseForm(instance=instance)
        formsets = _formsets(request, instance)
    return render(
        request,
        "releases/staff/edit.html",
        {"form": form, "formsets": formsets, "release": release},
    )


@permission_required_404("releases.add_release")
def release_create(request):
    return _editor(request)


@permission_required_404("releases.change_release")
def release_edit(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    if release.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("Hanya draf yang dapat diubah. Siaran pers yang sudah terbit dikoreksi."))
        return redirect("staff_releases:detail", pk=release.pk)
    return _editor(request, release)


@require_safe
@permission_required_404("releases.view_release")
def release_detail(request, pk):
    from .presskit.selectors import presskit_staff_status

    release = selectors.release_get_for_user(request.user, pk)
    revisions = selectors.release_revisions(release)
    user = request.user
    actions = {
        "edit": release.status == S.DRAFT and user.has_perm("releases.change_release"),
        "submit": release.status == S.DRAFT and user.has_perm("releases.submit_release"),
        "review": release.status == S.IN_REVIEW
        and user.has_perm("releases.approve_release")
        and release.submitted_by_id != user.pk,
        "publish": release.status in (S.APPROVED, S.SCHEDULED) and user.has_perm("releases.publish_release"),
        "unschedule": release.status == S.SCHEDULED and user.has_perm("releases.publish_release"),
        "correct": release.status == S.PUBLISHED and user.has_perm("releases.publish_release"),
        "withdraw": release.status == S.PUBLISHED and user.has_perm("releases.withdraw_release"),
        "unpublish": release.status in (S.PUBLISHED, S.WITHDRAWN, S.SCHEDULED)
        and user.has_perm("releases.unpublish_release"),
        # Sending to journalists is the distribution app's; approved releases may go out under embargo.
        "send": release.status in (S.APPROVED, S.SCHEDULED, S.PUBLISHED)
        and user.has_perm("distribution.send_distribution"),
    }
    share_url = request.build_absolute_uri(
        reverse("releases:share_preview", kwargs={"token": selectors.share_token_for(release)})
    )
    return render(
        request,
        "releases/staff/detail.html",
        {
            "release": release,
            "revisions": revisions,
            "actions": actions,
            "share_url": share_url,
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "schedule_form": ScheduleForm(initial={"publish_at": release.publish_at}),
            "presskit": presskit_staff_status(release),
            "own_submission": release.status == S.IN_REVIEW and release.submitted_by_id == user.pk,
        },
    )


ACTIONS = {
    "submit": ("releases.submit_release", _("diajukan untuk persetujuan")),
    "approve": ("releases.approve_release", _("disetujui")),
    "reject": ("releases.approve_release", _("dikembalikan ke penulis")),
    "publish": ("releases.publish_release", _("diterbitkan")),
    "schedule": ("releases.publish_release", _("dijadwalkan")),
    "unschedule": ("releases.publish_release", _("dibatalkan jadwalnya")),
    "withdraw": ("releases.withdraw_release", _("ditarik")),
    "unpublish": ("releases.unpublish_release", _("dibatalkan terbitnya")),
}


@require_POST
@staff_required
def release_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    perm, _done = ACTIONS[action]
    if not request.user.has_perm(perm):
        raise Http404
    release = selectors.release_get_for_user(request.user, pk)
    actor = request.user
    try:
        if action == "submit":
            release = services.release_submit(release=release, actor=actor)
            messages.success(request, _("Siaran pers diajukan untuk persetujuan."))
        elif action == "approve":
            release = services.release_approve(
                release=release, actor=actor, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Siaran pers disetujui dengan nomor %(n)s.") % {"n": release.number})
        elif action == "reject":
            services.release_reject(release=release, actor=actor, comment=request.POST.get("comment", ""))
            messages.success(request, _("Siaran pers dikembalikan ke penulis dengan catatan."))
        elif action == "publish":
            release = services.release_publish(release=release, actor=actor)
            if release.status == S.SCHEDULED:
                messages.success(
                    request, _("Embargo masih berlaku: siaran pers dijadwalkan terbit saat embargo berakhir.")
                )
            else:
                messages.success(request, _("Siaran pers diterbitkan."))
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                raise ReleaseActionError(_("Isi waktu terbit dengan benar."))
            services.release_schedule(
                release=release, actor=actor, publish_at=form.cleaned_data["publish_at"]
            )
            messages.success(request, _("Siaran pers dijadwalkan."))
        elif action == "unschedule":
            services.release_unschedule(release=release, actor=actor)
            messages.success(request, _("Jadwal terbit dibatalkan."))
        elif action == "withdraw":
            services.release_withdraw(release=release, actor=actor, reason=request.POST.get("reason", ""))
            messages.success(request, _("Siaran pers ditarik; halamannya tetap ada dengan pemberitahuan."))
        elif action == "unpublish":
            services.release_unpublish(release=release, actor=actor, reason=request.POST.get("reason", ""))
            messages.success(request, _("Siaran pers dibatalkan terbitnya."))
    except ReleaseActionError as exc:
        messages.error(request, exc.message)
    return redirect("staff_releases:detail", pk=release.pk)


@permission_required_404("releases.publish_release")
def release_correct(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    if release.status != S.PUBLISHED:
        messages.error(request, _("Hanya siaran pers yang terbit yang dapat dikoreksi."))
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
            except ReleaseActionError as exc:
                form.add_error(None, exc.message)
    else:
        form = CorrectionForm(
            initial={"title": release.title, "summary": release.summary, "body": release.body}
        )
    return render(request, "releases/staff/correct.html", {"form": form, "release": release})


@require_safe
@permission_required_404("releases.view_release")
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
            "can_restore": release.status == S.DRAFT and request.user.has_perm("releases.change_release"),
        },
    )


@require_POST
@permission_required_404("releases.change_release")
def revision_restore(request, pk, number):
    release = selectors.release_get_for_user(request.user, pk)
    revision = get_object_or_404(ReleaseRevision, release=release, number=number)
    try:
        services.release_restore_revision(release=release, revision=revision, actor=request.user)
        messages.success(request, _("Revisi %(n)s dipulihkan sebagai revisi baru.") % {"n": number})
    except ReleaseActionError as exc:
        messages.error(request, exc.message)
    return redirect("staff_releases:detail", pk=release.pk)


@require_safe
@permission_required_404("releases.view_release")
def release_preview(request, pk):
    """Exactly the public page, rendered for a staff member before it is public."""
    from .views_public import render_detail

    release = selectors.release_get_for_user(request.user, pk)
    return render_detail(request, release, preview=True)


REENCODE = {
    "image/jpeg": ("JPEG", "jpg"),
    "image/png": ("PNG", "png"),
    "image/webp": ("WEBP", "webp"),
    "image/gif": ("PNG", "png"),
}


def _reencode(upload, content_type):
    """Decode and encode again: whatever rode along in the file (metadata, a polyglot) is dropped."""
    from PIL import Image, ImageOps

    fmt = REENCODE[content_type][0]
    with Image.open(upload) as img:
        img = ImageOps.exif_transpose(img)
        if fmt == "JPEG" and img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        out = io.BytesIO()
        img.save(out, fmt, quality=88) if fmt != "PNG" else img.save(out, fmt, optimize=True)
    return out.getvalue()


@require_POST
@permission_required_404("releases.change_release")
def image_upload(request):
    """CKEditor 5's image upload: staff only, judged by content (Pillow), stored under a random name."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Tidak ada berkas.")}}, status=400)
    try:
        content_type = check_image(upload)
    except forms.ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    name = default_storage.save(
        os.path.join("releases", "editor", f"{uuid.uuid4().hex}.{REENCODE[content_type][1]}"),
        ContentFile(_reencode(upload, content_type)),
    )
    return JsonResponse({"url": default_storage.url(name)})
