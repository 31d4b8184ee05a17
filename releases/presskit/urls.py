"""Staff URLs of press kits (the lead mounts them at /staf/press-kit/, namespace staff_presskit)."""

from django.urls import path

from . import views

app_name = "staff_presskit"
urlpatterns = [
    path("<int:release_pk>/", views.state, name="state"),
    path("<int:release_pk>/render/", views.render_now, name="render"),
    path("<int:release_pk>/unduh/", views.download, name="download"),
    path("berkas/<int:kit_pk>/", views.download_kit, name="download_kit"),
]
