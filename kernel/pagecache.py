"""The public page cache: every anonymous public page (releases, statements, conferences,
documents, the home page) is rendered once per (version, language, URL) and kept in Redis and,
for a second, in the process. A placeholder stands where the CSRF token of the language form
goes; the token is put in per request, so no visitor's token is ever shared.

Any service that changes what the public sees calls `public_cache_bump()` (after commit); the
new version number orphans every cached page at once."""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi

from .selectors import organisation_profile_get

CSRF_PLACEHOLDER = "__humas_csrf_placeholder__"
PAGE_TTL = 300
PUBLIC_CACHE_VERSION_KEY = "public:cache:version"


def public_cache_version():
    version = cache.get(PUBLIC_CACHE_VERSION_KEY)
    if version is None:
        # Milliseconds: a new key after a flush never repeats a number that was bumped before.
        version = int(timezone.now().timestamp() * 1000)
        cache.add(PUBLIC_CACHE_VERSION_KEY, version, None)
        version = cache.get(PUBLIC_CACHE_VERSION_KEY, version)
    return version


def public_cache_bump():
    """Public pages are cached under a version number; a new number orphans them all."""
    try:
        cache.incr(PUBLIC_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(PUBLIC_CACHE_VERSION_KEY, int(timezone.now().timestamp() * 1000), None)
    local_pages.forget()


def public_cache_bump_on_commit():
    transaction.on_commit(public_cache_bump)


def _is_anonymous(request):
    return not request.user.is_authenticated


def public_render(request, template_name, context, status=200):
    if not _is_anonymous(request):
        return render(request, template_name, context, status=status)
    # Rendered without the request's context processors so that no per-visitor value (the CSRF
    # token) ends up in the shared cache; the few values the layout needs are given here.
    ctx = {
        "request": request,
        "user": AnonymousUser(),
        "org": organisation_profile_get(),
        "csrf_token": CSRF_PLACEHOLDER,
        "LANGUAGE_CODE": get_language(),
        "LANGUAGE_BIDI": get_language_bidi(),
        "LANGUAGES": settings.LANGUAGES,
        **context,
    }
    html = get_template(template_name).render(ctx)
    response = HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)), status=status)
    response.cacheable_html = html
    return response


class LocalPageCache:
    """A small per-process layer in front of Redis: the hot pages and the version number are kept
    in memory, the version re-read from Redis at most every VERSION_TTL seconds. So a change
    published by another process shows within that second; one in this process (the services
    call `forget`) shows at once."""

    VERSION_TTL = 1.0
    MAX_PAGES = 600

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = OrderedDict()
        self.version = None
        self.version_read = 0.0

    def current_version(self):
        now = time.monotonic()
        if self.version is None or now - self.version_read > self.VERSION_TTL:
            version = public_cache_version()
            with self.lock:
                if version != self.version:
                    self.pages.clear()
                self.version, self.version_read = version, now
        return self.version

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            while len(self.pages) > self.MAX_PAGES:
                self.pages.popitem(last=False)

    def forget(self):
        with self.lock:
            self.pages.clear()
            self.version = None


local_pages = LocalPageCache()


def public_page_key(request, params):
    """The cache key of an anonymous GET: path, language and the declared query parameters only.
    Anything else in the query string (`?junk=N`, tracking tags) is dropped from the key, so it
    can neither add a key to the Redis that is also the broker nor bypass the cache."""
    query = urlencode(
        sorted((name, value[:200]) for name in params for value in request.GET.getlist(name)[:5])
    )
    raw = f"{request.path}?{query}" if query else request.path
    digest = hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    return f"public:page:{local_pages.current_version()}:{get_language()}:{digest}"


def cached_public_page(view=None, *, params=()):
    """`@cached_public_page` for a page that reads no query parameter, or
    `@cached_public_page(params=("kategori", "page"))` naming every one the view reads: the key
    is built from those alone (a view reading an undeclared one would be served a wrong page)."""
    if view is None:
        return lambda fn: cached_public_page(fn, params=params)
    params = tuple(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not _is_anonymous(request):
            return view(request, *args, **kwargs)
        key = public_page_key(request, params)
        entry = local_pages.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                local_pages.put(key, entry)
        if entry is not None:
            status, html = entry
            return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)), status=status)
        response = view(request, *args, **kwargs)
        html = getattr(response, "cacheable_html", None)
        if html is not None:
            entry = (response.status_code, html)
            cache.set(key, entry, PAGE_TTL)
            local_pages.put(key, entry)
        return response

    wrapper.public_page_params = params
    return wrapper
