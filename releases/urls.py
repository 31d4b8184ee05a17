"""Staff URLs of releases, mounted under /staf/siaran-pers/ with the namespace staff_releases."""

from django.urls import path

from . import views

app_name = "staff_releases"
urlpatterns = [
    path("", views.release_list, name="list"),
    path("menunggu-persetujuan/", views.review_queue, name="review_queue"),
    path("baru/", views.release_create, name="create"),
    path("baru/simpan-otomatis/", views.release_autosave_new, name="autosave_new"),
    path("unggah-gambar/", views.image_upload, name="image_upload"),
    path("<int:pk>/", views.release_detail, name="detail"),
    path("<int:pk>/ubah/", views.release_edit, name="edit"),
    path("<int:pk>/koreksi/", views.release_correct, name="correct"),
    path("<int:pk>/koreksi/<int:correction_pk>/", views.correction_detail, name="correction"),
    path(
        "<int:pk>/koreksi/<int:correction_pk>/<slug:action>/",
        views.correction_action,
        name="correction_action",
    ),
    path("<int:pk>/embargo/", views.release_timing, name="timing"),
    path("<int:pk>/pratinjau/", views.release_preview, name="preview"),
    path("<int:pk>/revisi/", views.revision_compare, name="compare"),
    path("<int:pk>/revisi/<int:number>/pulihkan/", views.revision_restore, name="restore"),
    path("<int:pk>/foto/<int:photo_pk>/", views.photo_inline, name="photo_inline"),
    path("<int:pk>/tautan-pratinjau/cabut/", views.share_revoke, name="share_revoke"),
    path("<int:pk>/surat/", views.release_mail_preview, name="mail_preview"),
    path("<int:pk>/ruang-embargo/cabut/", views.embargo_room_revoke, name="embargo_room_revoke"),
    path("<int:pk>/ruang-embargo/pulihkan/", views.embargo_room_restore, name="embargo_room_restore"),
    path("<int:pk>/simpan-otomatis/", views.release_autosave, name="autosave"),
    path("<int:pk>/duplikat/", views.release_duplicate, name="duplicate"),
    path("<int:pk>/versi-inggris/", views.release_translation_create, name="translate"),
    path("<int:pk>/<slug:action>/", views.release_action, name="action"),
]
