"""Public URLs of contacts, mounted at the site root with the namespace contacts."""

from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("berhenti-langganan/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("berlangganan-kembali/<str:token>/", views.resubscribe, name="resubscribe"),
]
