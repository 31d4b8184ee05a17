"""URLs of distribution outside the staff include, with the namespace distribution: the click
redirect of mail links (public), and the follow-up page, which lives under /staf/distribusi/
but is named `distribution:follow_up_create` so other apps (e.g. an "embargo changed" notice on
the release page) can link to it by that name."""

from django.urls import path

from . import views

app_name = "distribution"
urlpatterns = [
    path("tautan/<str:token>/", views.click, name="click"),
    path("staf/distribusi/<int:pk>/tindak-lanjut/", views.follow_up_create, name="follow_up_create"),
]
