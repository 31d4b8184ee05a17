import logging

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import permission_required_404, staff_required
from .celery import app as celery_app
from .filters import AuditEntryFilter
from .forms import OrganisationProfileForm
from .selectors import audit_entry_list, organisation_profile_get
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


@staff_required
def dashboard(request):
    return render(request, "staff/dashboard.html", {})


@permission_required_404("humas.view_auditentry")
def audit_list(request):
    entry_filter = AuditEntryFilter(request.GET, queryset=audit_entry_list())
    page = Paginator(entry_filter.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/audit_list.html",
        {"filter": entry_filter, "page": page, "query": query.urlencode()},
    )


@permission_required_404("humas.change_organisationprofile")
def org_profile_edit(request):
    profile = organisation_profile_get()
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "logo"}
            logo = request.FILES.get("logo")
            organisation_profile_update(actor=request.user, data=data, logo=logo)
            messages.success(request, _("Profil organisasi disimpan."))
            return redirect("staff:org_profile")
    else:
        form = OrganisationProfileForm(instance=profile)
    return render(request, "staff/org_profile.html", {"form": form})


def public_home(request):
    from releases.selectors import release_public_list

    latest = list(release_public_list().defer("body", "body_text", "search_vector")[:6])
    return render(request, "public/home.html", {"latest_releases": latest})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
