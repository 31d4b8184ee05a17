"""Public URLs of conferences, mounted at the site root with the namespace conferences."""

from django.urls import path  # noqa: F401

app_name = "conferences"
urlpatterns = []
