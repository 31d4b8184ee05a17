"""Staff URLs of crises, mounted under /staf/ with the namespace staff_crises."""

from django.urls import path  # noqa: F401

app_name = "staff_crises"
urlpatterns = []
