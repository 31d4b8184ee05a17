"""Public URLs of releases, mounted at the site root with the namespace releases."""

from django.urls import path  # noqa: F401

app_name = "releases"
urlpatterns = []
