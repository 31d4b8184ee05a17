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
)
from .models import Category, Release, ReleasePhoto, ReleaseRevision
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
    token = upload_token_from(request.POST if request.method == "POST" else None)
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
            try:
                kwargs = _content_kwargs(form, formsets)
                if release is None:
                    release = services.release_create(actor=request.user, **kwargs)
                    messages.success(request, _("Draf siaran pers disimpan."))
                else:
                    release = services.release_update(release=release, actor=request.user, **kwargs)
                    messages.success(request, _("Perubahan disimpan sebagai revisi baru."))
                pending_uploads_done(user=request.user, token=token)
                return redirect("staff_releases:detail", pk=release.pk)
            except Refusal as exc:
                # Nothing was written (one transaction); the form keeps what was typed.
                refusal_to_form(form, exc)
        kept = pending_uploads_keep(
            user=request.user, token=token, uploads=_valid_uploads(form, formsets, files)
        )
        _mark_pending(form, formsets, kept)
    else:
        form = ReleaseForm(instance=instance)
        formsets = _formsets(None, None, instance)
    return render(
        request,
        "releases/staff/edit.html",
        {"form": form, "formsets": formsets, "release": release, "upload_token": token},
    )


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


def staff_actions(release, user):
    """What the detail page offers `user` on `release`: the workflow moves the declaration lets
    them make now (releases/workflows.py, the same rule the services apply), plus editing and
    the way to the distribution page."""
    actions = RELEASE_WORKFLOW.action_names_for(release, user)
    if release_edit_refusal(release, user) is None:
        actions.add("edit")
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
        },
    )


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


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def embargo_room_revoke(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    journalist = _room_journalist(request)
    if journalist is None:
        messages.error(request, _("Pilih wartawan yang tautannya akan diubah."))
        return _room_redirect(release)
    try:
        services.embargo_room_revoke(release=release, journalist=journalist, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request, _("Tautan ruang embargo untuk %(name)s dicabut.") % {"name": journalist.name}
        )
    return _room_redirect(release)


@require_POST
@staff_required
@permission_required_404(CHANGE_RELEASE)
def embargo_room_restore(request, pk):
    release = selectors.release_get_for_user(request.user, pk)
    journalist = _room_journalist(request)
    if journalist is None:
        messages.error(request, _("Pilih wartawan yang tautannya akan diubah."))
        return _room_redirect(release)
    try:
        services.embargo_room_restore(release=release, journalist=journalist, actor=request.user)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request, _("Tautan ruang embargo untuk %(name)s dipulihkan.") % {"name": journalist.name}
        )
    return _room_redirect(release)
