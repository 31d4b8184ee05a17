"""Staff URLs of contacts, mounted under /staf/ with the namespace staff_contacts."""

from django.urls import path  # noqa: F401

app_name = "staff_contacts"
urlpatterns = []
