"""Staff URLs of conferences, mounted under /staf/ with the namespace staff_conferences."""

from django.urls import path  # noqa: F401

app_name = "staff_conferences"
urlpatterns = []
