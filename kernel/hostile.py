"""Hostile input is answered 400, before any view, form or query sees it: NUL bytes and other
control characters in the path, a query parameter, a form field or a header, and query strings
longer than any page of this site needs. PostgreSQL refuses NUL in text ("A string literal
cannot contain NUL"), XML feeds and mail headers break on control characters; checking once here
means no view has to remember it, and a fuzzer gets 400s instead of 500s."""

import re

from django.http import HttpResponse, JsonResponse

# Query strings, paths and headers: every C0 control but tab, and DEL. Nobody types them.
_CONTROL_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Form fields: NUL and the C0 controls text never holds (tab, LF, VT, FF, CR come with pasted text
# and textareas; the services' plain_text/plain_line remove what is left).
_CONTROL_FORM = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# nginx's default header buffer is 8 KB; the longest real query (a filtered list) is < 300 bytes,
# but a pasted search of a few thousand characters is still answered (the view trims it).
MAX_QUERY_STRING = 8192
MAX_HEADER_VALUE = 8192

MESSAGE = "Permintaan tidak valid: alamat, parameter atau isian memuat karakter yang tidak diizinkan."
TOO_LONG = "Permintaan tidak valid: alamat atau parameternya terlalu panjang."


def _answer(request, message, status=400):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    body = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Permintaan tidak valid</title>'
        f'</head><body><h1>Permintaan tidak valid</h1><p>{message}</p><p><a href="/">Beranda</a></p></body></html>'
    )
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def hostile_input_problem(request):
    """(message, status) for a request that must not reach a view, or None."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return TOO_LONG, 414
    if _CONTROL_LINE.search(request.path_info or ""):
        return MESSAGE, 400
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            if len(value) > MAX_HEADER_VALUE:
                return TOO_LONG, 431
            if _CONTROL_LINE.search(value.replace("\t", " ")):
                return MESSAGE, 400
    for key, values in request.GET.lists():
        if _CONTROL_LINE.search(key) or any(_CONTROL_LINE.search(v) for v in values):
            return MESSAGE, 400
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if _CONTROL_FORM.search(key) or any(_CONTROL_FORM.search(v) for v in values):
                return MESSAGE, 400
        for key in request.FILES:
            if _CONTROL_FORM.search(key):
                return MESSAGE, 400
            for upload in request.FILES.getlist(key):
                if _CONTROL_LINE.search(upload.name or ""):
                    return MESSAGE, 400
    return None


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = hostile_input_problem(request)
        if problem is not None:
            return _answer(request, *problem)
        return self.get_response(request)
