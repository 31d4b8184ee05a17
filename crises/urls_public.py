"""Public URLs of crises, mounted at the site root with the namespace crises."""

from django.urls import path

from . import views

app_name = "crises"
urlpatterns = [
    path("pernyataan-resmi/", views.public_statement_list, name="statement_list"),
    path("pernyataan-resmi/<slug:slug>/", views.public_statement_detail, name="statement_detail"),
]
