"""Staff URLs of distribution, mounted under /staf/ with the namespace staff_distribution."""

from django.urls import path

from . import views

app_name = "staff_distribution"
urlpatterns = [
    path("", views.distribution_list, name="list"),
    path("baru/", views.distribution_create, name="create"),
    path("jumlah-penerima/", views.recipient_count, name="recipient_count"),
    path("<int:pk>/", views.distribution_detail, name="detail"),
    path("<int:pk>/progres/", views.distribution_progress, name="progress"),
    path("<int:pk>/pratinjau.html", views.preview_html, name="preview_html"),
    path("<int:pk>/uji/", views.send_test, name="send_test"),
    path("<int:pk>/kirim/", views.start, name="start"),
    path("<int:pk>/jeda/", views.pause, name="pause"),
    path("<int:pk>/lanjutkan/", views.resume, name="resume"),
    path("<int:pk>/batalkan/", views.cancel, name="cancel"),
    path("<int:pk>/laporan/", views.report, name="report"),
    path("<int:pk>/laporan.csv", views.report_csv, name="report_csv"),
]
