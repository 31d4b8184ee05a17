"""Public press-kit download (mounted at /press-kit/, namespace presskit)."""

from django.urls import path

from . import views

app_name = "presskit"
urlpatterns = [
    path("<slug:slug>.pdf", views.public_download, name="download"),
]
