"""Public URLs of releases, mounted at the site root with the namespace releases."""

from django.urls import path
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView

from . import api, feeds, views_public

app_name = "releases"
urlpatterns = [
    path("siaran-pers/", views_public.release_list, name="list"),
    path("siaran-pers/rss.xml", require_GET(feeds.ReleaseRssFeed()), name="feed_rss"),
    path("siaran-pers/atom.xml", require_GET(feeds.ReleaseAtomFeed()), name="feed_atom"),
    path("siaran-pers/<slug:slug>/", views_public.release_detail, name="detail"),
    path("pratinjau/<str:token>/", views_public.share_preview, name="share_preview"),
    path("api/siaran-pers/", api.ReleaseListApi.as_view(), name="api_list"),
    path("api/siaran-pers/<slug:slug>/", api.ReleaseDetailApi.as_view(), name="api_detail"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
