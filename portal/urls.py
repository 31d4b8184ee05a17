"""Public URLs of the public site, mounted at the site root. The namespace is "public" (not the
app's label): `public:home` is named in every layout, in LOGOUT_REDIRECT_URL and in old links."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("informasi-publik/", views.information_list, name="information"),
    # The one public search (the releases' own search had this address; old links keep working).
    path("cari/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>-<int:page>.xml", views.sitemap_page, name="sitemap_page"),
]
