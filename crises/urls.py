"""Staff URLs of crises, mounted under /staf/krisis/ with the namespace staff_crises."""

from django.urls import path

from . import views

app_name = "staff_crises"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("baru/", views.incident_create, name="create"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/ubah/", views.incident_edit, name="edit"),
    path("<int:pk>/kronologi/", views.timeline_add, name="timeline_add"),
    path("<int:pk>/keparahan/", views.incident_severity, name="severity"),
    path("<int:pk>/status/", views.incident_status, name="status"),
    path("<int:pk>/selesai/", views.incident_resolve, name="resolve"),
    path("<int:pk>/pernyataan/baru/", views.statement_create, name="statement_create"),
    path("pernyataan/menunggu-persetujuan/", views.statement_queue, name="statement_queue"),
    path("pernyataan/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("pernyataan/<int:pk>/ubah/", views.statement_edit, name="statement_edit"),
    path("pernyataan/<int:pk>/setujui/", views.statement_approve, name="statement_approve"),
    path("pernyataan/<int:pk>/tolak/", views.statement_reject, name="statement_reject"),
    path("pernyataan/<int:pk>/rilis/", views.statement_release, name="statement_release"),
    path("templat/", views.template_list, name="template_list"),
    path("templat/baru/", views.template_create, name="template_create"),
    path("templat/<int:pk>/", views.template_detail, name="template_detail"),
    path("templat/<int:pk>/ubah/", views.template_edit, name="template_edit"),
    path("templat/<int:pk>/setujui/", views.template_approve, name="template_approve"),
    path("irama/", views.cadence_edit, name="cadence"),
    path("pertanyaan-media/", views.inquiry_list, name="inquiry_list"),
    path("pertanyaan-media/baru/", views.inquiry_create, name="inquiry_create"),
    path("pertanyaan-media/<int:pk>/", views.inquiry_edit, name="inquiry_edit"),
]
