"""Public URLs of contacts, mounted at the site root with the namespace contacts."""

from django.urls import path  # noqa: F401

app_name = "contacts"
urlpatterns = []
