"""Staff URLs of releases, mounted under /staf/ with the namespace staff_releases."""

from django.urls import path  # noqa: F401

app_name = "staff_releases"
urlpatterns = []
