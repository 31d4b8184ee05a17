from django.http import HttpResponse
from django.urls import path

from humas.urls import handler404, handler500  # noqa: F401
from humas.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-trivial/", trivial), *project_urlpatterns]
