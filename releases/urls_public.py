"""Public URLs of releases, mounted at the site root with the namespace releases."""

from django.urls import path
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView

from . import api, feeds, views_public, views_room

app_name = "releases"
urlpatterns = [
    path("siaran-pers/", views_public.release_list, name="list"),
    path("siaran-pers/rss.xml", require_GET(feeds.ReleaseRssFeed()), name="feed_rss"),
    path("siaran-pers/atom.xml", require_GET(feeds.ReleaseAtomFeed()), name="feed_atom"),
    path("siaran-pers/<slug:slug>/", views_public.release_detail, name="detail"),
    path("pratinjau/<str:token>/", views_public.share_preview, name="share_preview"),
    path("ruang-embargo/<str:token>/", views_room.embargo_room, name="embargo_room"),
    path("ruang-embargo/<str:token>/foto-utama/", views_room.embargo_room_hero, name="embargo_room_hero"),
    path(
        "ruang-embargo/<str:token>/foto/<int:photo_pk>/",
        views_room.embargo_room_photo,
        name="embargo_room_photo",
    ),
    path("ruang-embargo/<str:token>/foto.zip", views_room.embargo_room_zip, name="embargo_room_zip"),
    path(
        "ruang-embargo/<str:token>/lampiran/<int:attachment_pk>/",
        views_room.embargo_room_attachment,
        name="embargo_room_attachment",
    ),
    path("ruang-embargo/<str:token>/kit-media.pdf", views_room.embargo_room_kit, name="embargo_room_kit"),
    path("gambar-surat/<str:token>/<path:name>", views_room.mail_image_view, name="mail_image"),
    path("api/siaran-pers/", api.ReleaseListApi.as_view(), name="api_list"),
    path("api/siaran-pers/<slug:slug>/", api.ReleaseDetailApi.as_view(), name="api_detail"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
