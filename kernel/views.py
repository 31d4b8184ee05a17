import logging

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from humas.celery import app as celery_app

from .access import permission_required_404, role_required, staff_required
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


@require_GET
@never_cache
def healthz(request):
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
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


@require_safe
@staff_required
def dashboard(request):
    return render(request, "staff/dashboard.html", {})


@require_safe
@permission_required_404("kernel.view_auditentry")
def audit_list(request):
    from .auditdisplay import entry_display

    entry_filter = AuditEntryFilter(request.GET, queryset=audit_entry_list())
    page = Paginator(entry_filter.qs, 50).get_page(request.GET.get("page"))
    rows = [entry_display(entry) for entry in page]
    return render(request, "staff/audit_list.html", {"filter": entry_filter, "page": page, "rows": rows})


AUDIT_EXPORT_HEADERS = (
    _lazy("Waktu (WIB)"),
    _lazy("Orang"),
    _lazy("Akun"),
    _lazy("Tindakan"),
    _lazy("Kode tindakan"),
    _lazy("Jenis objek"),
    _lazy("Objek"),
    _lazy("Dari"),
    _lazy("Menjadi"),
    _lazy("Rincian"),
)


@require_safe
@permission_required_404("kernel.view_auditentry")
def audit_export(request):
    """The filtered log as CSV, with labels and names as on the page and times in WIB. Taking
    the log out of the system is itself written into it."""
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
    """Second step of sign-in for roles that need it: enter a TOTP code, or set up the
    authenticator app on first use."""
    from django.contrib.auth.views import redirect_to_login

    from .forms_auth import TokenForm
    from .twofactor import totp_device_confirmed, totp_enrol_confirm, totp_enrol_start, totp_verify

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_verified():
        return redirect(_safe_next(request))
    confirmed = totp_device_confirmed(request.user)
    device = None if confirmed else totp_enrol_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            totp_verify(request=request, token=token)
            if confirmed
            else totp_enrol_confirm(request=request, device=device, token=token)
        )
        if ok:
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("Kode salah atau sudah kedaluwarsa. Tunggu beberapa detik, lalu coba kode yang baru.")
        )
    secret = None
    if device is not None:
        import base64

        secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor.html",
        {"form": form, "enrolling": device is not None, "secret": secret, "next": _safe_next(request)},
    )


@require_safe
@never_cache
def two_factor_qr(request):
    """The QR code of the device being set up; never of a confirmed one (its secret stays hidden)."""
    import io

    from django.http import Http404, HttpResponse
    from django_otp.qr import write_qrcode_image

    from .twofactor import totp_device_confirmed, totp_enrol_start

    if not request.user.is_authenticated or totp_device_confirmed(request.user):
        raise Http404
    device = totp_enrol_start(user=request.user)
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")
