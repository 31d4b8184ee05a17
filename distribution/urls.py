"""Staff URLs of distribution, mounted under /staf/ with the namespace staff_distribution."""

from django.urls import path  # noqa: F401

app_name = "staff_distribution"
urlpatterns = []
