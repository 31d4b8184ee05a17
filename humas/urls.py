from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kernel import views, views_exports, views_media

staff_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("audit/", views.audit_list, name="audit_list"),
        path("audit/ekspor.csv", views.audit_export, name="audit_export"),
        path("profil-organisasi/", views.org_profile_edit, name="org_profile"),
        path("status/", views.system_status, name="system_status"),
        path("ekspor/<int:pk>/", views_exports.export_detail, name="export_detail"),
        path("ekspor/<int:pk>/unduh/", views_exports.export_download, name="export_download"),
    ],
    "staff",
)

urlpatterns = [
    path("", include("portal.urls")),
    path("staf/", include(staff_patterns)),
    path("staf/siaran-pers/", include("releases.urls")),
    path("staf/kontak/", include("contacts.urls")),
    path("staf/distribusi/", include("distribution.urls")),
    path("staf/konferensi/", include("conferences.urls")),
    path("staf/krisis/", include("crises.urls")),
    path("staf/informasi-publik/", include("publicinfo.urls")),
    path("staf/press-kit/", include("releases.presskit.urls")),
    path("press-kit/", include("releases.presskit.urls_public")),
    path("", include("releases.urls_public")),
    path("", include("contacts.urls_public")),
    path("", include("distribution.urls_public")),
    path("", include("conferences.urls_public")),
    path("", include("crises.urls_public")),
    path("", include("publicinfo.urls_public")),
    path("akun/masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/verifikasi/", views.two_factor, name="two_factor"),
    # One-time enrolment link (kernel.enrolment); its prefix is open before the second factor.
    path("akun/autentikator/<str:token>/", views.totp_enrol_link, name="totp_enrol_link"),
    path("akun/ganti-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/ganti-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Every uploaded file, in development and production alike: access checked per request
    # (kernel.media's registry), then sent by Django or, behind nginx, by X-Accel-Redirect.
    path("media/<path:path>", views_media.media_serve, name="media"),
]

handler404 = "kernel.views.page_not_found"
handler500 = "kernel.views.server_error"
