"""Public URLs of conferences, mounted at the site root with the namespace conferences."""

from django.urls import path

from . import views_public as views

app_name = "conferences"
urlpatterns = [
    path("konferensi-pers/", views.schedule, name="schedule"),
    path("konferensi-pers/kalender.ics", views.feed, name="feed"),
    path("konferensi-pers/rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("konferensi-pers/rsvp/<str:token>/acara.ics", views.rsvp_ics, name="rsvp_ics"),
    path("konferensi-pers/<slug:slug>/", views.detail, name="detail"),
    path("konferensi-pers/<slug:slug>/acara.ics", views.detail_ics, name="detail_ics"),
]
