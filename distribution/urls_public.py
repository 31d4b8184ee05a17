"""Public URLs of distribution, mounted at the site root with the namespace distribution."""

from django.urls import path  # noqa: F401

app_name = "distribution"
urlpatterns = []
