"""Public URLs of crises, mounted at the site root with the namespace crises."""

from django.urls import path  # noqa: F401

app_name = "crises"
urlpatterns = []
