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
from django.views.decorators.http import require_POST, require_safe

from distribution.permissions import SEND_DISTRIBUTION
from kernel.access import permission_required_404, staff_required
from kernel.media import image_reencode, media_random_name
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages

from . import selectors, services
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
)
from .models import Category, Release, ReleaseCorrection, ReleaseRevision
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
            except Refusal as exc:
                # Nothing was written (one transaction); the form keeps what was typed.
                refusal_to_form(form, exc)
    else:
        form = ReleaseForm(instance=instance)
        formsets = _formsets(request, instance)
    return render(
        request,
        "releases/staff/edit.html",
        {"form": form, "formsets": formsets, "release": release},
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
            "corrections": selectors.release_corrections_for_staff(release),
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
