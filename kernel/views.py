import logging
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from humas.celery import app as celery_app

from .access import permission_required_404, role_required, staff_required
from .clientip import client_ip_allowed
from .filters import AuditEntryFilter
from .forms import OrganisationProfileForm
from .roles import KEPALA, SEKRETARIS
from .selectors import (
    audit_entry_list,
    notification_status_get,
    organisation_profile_get,
    system_status_get,
)
from .services import organisation_profile_update

logger = logging.getLogger(__name__)


def _health_checks():
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True}
    except Exception as exc:  # any failure means "down"; the reason goes to the operator
        checks["database"] = {"ok": False, "error": str(exc)[:200]}
    try:
        cache._cache.get_client().ping()
        checks["redis"] = {"ok": True}
    except Exception as exc:
        checks["redis"] = {"ok": False, "error": str(exc)[:200]}
    try:
        replies = celery_app.control.ping(timeout=1.0) if checks["redis"]["ok"] else []
        checks["celery"] = {"ok": bool(replies), "workers": sorted(name for r in replies for name in r)}
    except Exception as exc:
        checks["celery"] = {"ok": False, "error": str(exc)[:200]}
    return checks


class _HealthCache:
    """The last ping result, per process, for HUMAS_HEALTHZ_CACHE_SECONDS: kept in memory, not in
    Redis, so that a Redis outage is still reported (and a probe flood never reaches Redis)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value = None
        self.at = 0.0

    def get(self):
        ttl = settings.HUMAS_HEALTHZ_CACHE_SECONDS
        with self.lock:
            if self.value is not None and time.monotonic() - self.at < ttl:
                return self.value
            # Under the lock: concurrent probes wait for one ping instead of each pinging.
            self.value, self.at = _health_checks(), time.monotonic()
            return self.value

    def forget(self):
        with self.lock:
            self.value = None


health_cache = _HealthCache()


@require_GET
@never_cache
def healthz(request):
    # The host and the load balancer only (HUMAS_HEALTHZ_ALLOWED); anyone else sees no such page,
    # so the internals (worker names, error texts) and the ping cost stay private.
    if not client_ip_allowed(request, settings.HUMAS_HEALTHZ_ALLOWED):
        raise Http404
    checks = health_cache.get()
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


@require_safe
@staff_required
def dashboard(request):
    from .worklist import work_dashboard

    groups = work_dashboard(request.user)
    # What waits for the user (the menu's badge); scheduled releases and embargoes are for the eye.
    total = sum(view.count for _label, views in groups for view in views if view.section.badge)
    return render(request, "staff/dashboard.html", {"groups": groups, "total": total})


@require_safe
@permission_required_404("kernel.view_auditentry")
def audit_list(request):
    from .auditdisplay import entry_display

    entry_filter = AuditEntryFilter(request.GET, queryset=audit_entry_list())
    page = Paginator(entry_filter.qs, 50).get_page(request.GET.get("page"))
    rows = [entry_display(entry) for entry in page]
    return render(request, "staff/audit_list.html", {"filter": entry_filter, "page": page, "rows": rows})


AUDIT_EXPORT_HEADERS = (
    gettext_lazy("Waktu (WIB)"),
    gettext_lazy("Orang"),
    gettext_lazy("Akun"),
    gettext_lazy("Tindakan"),
    gettext_lazy("Kode tindakan"),
    gettext_lazy("Jenis objek"),
    gettext_lazy("Objek"),
    gettext_lazy("Dari"),
    gettext_lazy("Menjadi"),
    gettext_lazy("Rincian"),
)


@require_POST
@permission_required_404("kernel.view_auditentry")
def audit_export(request):
    """The filtered log as CSV, with labels and names as on the page and times in WIB. Taking
    the log out of the system is itself written into it, so it is a POST (with CSRF): a foreign
    page can not make a signed-in browser export. The filters stay in the query string."""
    import json

    from django.utils import timezone, translation

    from .audit import audit_record
    from .auditdisplay import entry_display
    from .exports import csv_response

    entry_filter = AuditEntryFilter(request.GET, queryset=audit_entry_list())
    filters = {
        name: str(value)
        for name, value in (entry_filter.form.cleaned_data if entry_filter.is_valid() else {}).items()
        if value not in (None, "")
    }
    audit_record(actor=request.user, action="audit.export", data={"filters": filters})
    entries = entry_filter.qs
    language = translation.get_language()

    def rows():
        # The response streams after the view has returned: keep the page's language.
        with translation.override(language):
            for entry in entries.iterator(chunk_size=500):
                row = entry_display(entry)
                yield (
                    timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    row["actor_name"],
                    entry.actor_repr,
                    row["action_label"],
                    entry.action,
                    row["object_type"],
                    row["object_text"],
                    row["from_label"],
                    row["to_label"],
                    json.dumps(entry.data, ensure_ascii=False, sort_keys=True) if entry.data else "",
                )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response([str(h) for h in AUDIT_EXPORT_HEADERS], rows(), filename=f"log-audit-{stamp}.csv")


@permission_required_404("kernel.change_organisationprofile")
def org_profile_edit(request):
    profile = organisation_profile_get()
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "logo"}
            logo = form.cleaned_data.get("logo") if "logo" in request.FILES else None
            organisation_profile_update(actor=request.user, data=data, logo=logo)
            messages.success(request, _("Profil organisasi disimpan."))
            return redirect("staff:org_profile")
    else:
        form = OrganisationProfileForm(instance=profile)
    return render(request, "staff/org_profile.html", {"form": form})


@require_safe
@role_required(KEPALA, SEKRETARIS)
def system_status(request):
    from django.utils.dateparse import parse_datetime

    status = system_status_get()
    status["notifications"] = notification_status_get()
    if status["last_beat"]:
        status["last_beat"] = parse_datetime(status["last_beat"])
    if status["last_backup"]:
        status["last_backup"]["created_at"] = parse_datetime(status["last_backup"]["created_at"])
    return render(request, "staff/system_status.html", {"status": status})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:dashboard")


@never_cache
def two_factor(request):
    """Second step of sign-in for roles that need it: enter a TOTP code. A user without an
    authenticator is told to ask Kepala Humas for an enrolment link (kernel.enrolment); nothing
    is set up here, so a stolen password can not bind the thief's phone."""
    from django.contrib.auth.views import redirect_to_login

    from .forms_auth import TokenForm
    from .twofactor import totp_device_confirmed, totp_verify

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_verified():
        return redirect(_safe_next(request))
    confirmed = totp_device_confirmed(request.user)
    form = TokenForm(request.POST or None)
    if confirmed is not None and request.method == "POST" and form.is_valid():
        if totp_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("Kode salah atau sudah kedaluwarsa. Tunggu beberapa detik, lalu coba kode yang baru.")
        )
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "no_device": confirmed is None, "next": _safe_next(request)},
    )


@never_cache
def totp_enrol_link(request, token):
    """The one-time enrolment link: opened signed in (password) as the user it was made for,
    it shows the new authenticator's QR code and confirms it with a first code."""
    from django.contrib.auth.views import redirect_to_login
    from django.utils.safestring import mark_safe

    from .enrolment import ENROL_LINK, totp_enrolment_confirm, totp_qr_svg
    from .forms_auth import TokenForm
    from .links import LinkInvalid, LinkProblem, link_problem_response, link_read

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        link = link_read(ENROL_LINK, token)
    except LinkProblem as problem:
        return link_problem_response(request, problem)
    device = link.obj
    if device.user_id != request.user.pk:
        # Someone else's link: the same page as a forged one, naming nobody.
        return link_problem_response(request, LinkInvalid())
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_enrolment_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(
                request, _("Autentikator terdaftar. Berikutnya, masuk dengan kode dari aplikasi itu.")
            )
            return redirect("staff:dashboard")
        form.add_error(
            "token", _("Kode salah atau sudah kedaluwarsa. Tunggu beberapa detik, lalu coba kode yang baru.")
        )
    import base64

    return render(
        request,
        "registration/totp_enrol.html",
        {
            "form": form,
            "secret": base64.b32encode(device.bin_key).decode(),
            # Our own SVG from django-otp's QR writer: no user input in it.
            "qr_svg": mark_safe(totp_qr_svg(device)),  # noqa: S308
        },
    )
