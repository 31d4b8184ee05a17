"""Staff URLs of contacts, mounted under /staf/kontak/ with the namespace staff_contacts."""

from django.urls import path

from . import views

app_name = "staff_contacts"
urlpatterns = [
    path("", views.journalist_list, name="journalist_list"),
    path("massal/", views.journalist_bulk, name="journalist_bulk"),
    path("wartawan/cari.json", views.journalist_search, name="journalist_search"),
    path("ekspor/", views.journalist_export, name="journalist_export"),
    path("wartawan/baru/", views.journalist_create, name="journalist_create"),
    path("wartawan/<int:pk>/", views.journalist_detail, name="journalist_detail"),
    path("wartawan/<int:pk>/ubah/", views.journalist_edit, name="journalist_edit"),
    path(
        "wartawan/<int:pk>/kontak-tambahan/",
        views.journalist_contact_points,
        name="journalist_contact_points",
    ),
    path("wartawan/<int:pk>/gabung/", views.journalist_merge, name="journalist_merge"),
    path("wartawan/<int:pk>/tanda/", views.journalist_contact_flag, name="journalist_contact_flag"),
    path("wartawan/<int:pk>/data-pribadi/", views.journalist_privacy, name="journalist_privacy"),
    path(
        "wartawan/<int:pk>/data-pribadi/ekspor.<str:file_format>",
        views.journalist_subject_export,
        name="journalist_subject_export",
    ),
    path("media/", views.outlet_list, name="outlet_list"),
    path("media/baru/", views.outlet_create, name="outlet_create"),
    path("media/<int:pk>/", views.outlet_detail, name="outlet_detail"),
    path("media/<int:pk>/ubah/", views.outlet_edit, name="outlet_edit"),
    path("daftar/", views.list_list, name="list_list"),
    path("daftar/baru/", views.list_create, name="list_create"),
    path("daftar/<int:pk>/", views.list_detail, name="list_detail"),
    path("daftar/<int:pk>/ubah/", views.list_edit, name="list_edit"),
    path("daftar/<int:pk>/hapus/", views.list_delete, name="list_delete"),
    path("segmen/", views.segment_list, name="segment_list"),
    path("segmen/baru/", views.segment_create, name="segment_create"),
    path("segmen/<int:pk>/", views.segment_detail, name="segment_detail"),
    path("segmen/<int:pk>/ubah/", views.segment_edit, name="segment_edit"),
    path("desk/", views.beat_list, name="beat_list"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/jalankan/", views.import_commit, name="import_commit"),
    path("impor/<int:pk>/baris-bermasalah.csv", views.import_errors, name="import_errors"),
    path("impor/<int:pk>/kolom/", views.import_map_columns, name="import_map_columns"),
    path("impor/<int:pk>/coba-lagi/", views.import_retry, name="import_retry"),
]
