"""Staff URLs of conferences, mounted under /staf/ with the namespace staff_conferences."""

from django.urls import path

from . import views

app_name = "staff_conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("baru/", views.conference_create, name="create"),
    path("cek-bentrok/", views.overlap_check, name="overlap_check"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/ubah/", views.conference_edit, name="edit"),
    path("<int:pk>/undang/", views.conference_invite, name="invite"),
    path("<int:pk>/jadwal-ulang/", views.conference_reschedule, name="reschedule"),
    path("<int:pk>/batalkan/", views.conference_cancel, name="cancel"),
    path("<int:pk>/terlaksana/", views.conference_mark_held, name="mark_held"),
    path(
        "<int:pk>/tindak-lanjut/<str:audience>/",
        views.conference_followup,
        name="followup",
    ),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/checkin/kode/", views.checkin_code, name="checkin_code"),
    path("<int:pk>/checkin/<int:invitation_pk>/", views.checkin_invitation, name="checkin_invitation"),
    path("<int:pk>/checkin/tanpa-undangan/", views.walk_in, name="walk_in"),
    path("<int:pk>/daftar-hadir.csv", views.attendance_export_csv, name="attendance_csv"),
    path("<int:pk>/daftar-hadir.xlsx", views.attendance_export_xlsx, name="attendance_xlsx"),
    path("<int:pk>/daftar-hadir.pdf", views.attendance_export_pdf, name="attendance_pdf"),
]
