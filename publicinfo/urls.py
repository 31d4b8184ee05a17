"""Staff URLs of public information, mounted under /staf/informasi-publik/ (namespace staff_publicinfo)."""

from django.urls import path

from . import views

app_name = "staff_publicinfo"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("baru/", views.document_create, name="create"),
    path("<int:pk>/", views.document_edit, name="edit"),
    path("<int:pk>/terbitkan/", views.document_publish, name="publish"),
    path("juru-bicara/", views.spokesperson_list, name="spokesperson_list"),
    path("juru-bicara/baru/", views.spokesperson_create, name="spokesperson_create"),
    path("juru-bicara/<int:pk>/", views.spokesperson_edit, name="spokesperson_edit"),
    path("juru-bicara/<int:pk>/hapus/", views.spokesperson_delete, name="spokesperson_delete"),
]
