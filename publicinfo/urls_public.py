"""Public URLs of public information, mounted at the site root with the namespace publicinfo. The
list at /informasi-publik/ is the public site's (public:information)."""

from django.urls import path

from . import views_public

app_name = "publicinfo"
urlpatterns = [
    path("informasi-publik/<slug:slug>/", views_public.document_detail, name="detail"),
    path("informasi-publik/<slug:slug>/unduh/", views_public.document_download, name="download"),
    path("kontak-media/", views_public.media_contact, name="contact"),
]
