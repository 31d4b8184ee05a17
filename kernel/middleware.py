from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from .twofactor import user_requires_2fa

PROTECTED_PREFIXES = ("/staf/", "/admin/", "/ckeditor5/", "/akun/")
# Where a user who has given a password but not yet the second factor may still go: the steps of
# signing in (and out), the enrolment link, and files that carry no signed-in content.
SIGN_IN_STEP_URL_NAMES = ("login", "logout", "two_factor")
# The enrolment link (kernel.enrolment) lives under this prefix: opened after the password, before
# the second factor exists.
ENROL_PREFIX = "/akun/autentikator/"
OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz", ENROL_PREFIX)


class TwoFactorRequiredMiddleware:
    """Users whose role needs a second factor reach nothing signed-in until they have entered a
    TOTP code in this session: not only the staff area and the admin but every path, the
    password change, staff previews on public URLs, a share page opened while signed in. Only
    the sign-in steps themselves stay open (a half signed-in session is nobody's yet)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def _is_open(self, path):
        if path.startswith(OPEN_PREFIXES):
            return True
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in SIGN_IN_STEP_URL_NAMES)
        return path in self._open_paths

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.user.is_verified()
            and not self._is_open(request.path)
            and user_requires_2fa(request.user)
        ):
            return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class StaffNoStoreMiddleware:
    """Staff pages and anything rendered for a signed-in user are never kept by a browser, a
    proxy or the back button of a shared computer: `Cache-Control: no-store`. Public pages seen
    anonymously keep their own caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _signed_in(request):
        # Without a session cookie nobody is signed in; not touching the session then keeps an
        # anonymous public page free of "Vary: Cookie" (and shareable by the page cache).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated

    def __call__(self, request):
        response = self.get_response(request)
        already = "no-store" in response.get("Cache-Control", "")
        if not already and (request.path.startswith(PROTECTED_PREFIXES) or self._signed_in(request)):
            # no-store, no-cache, must-revalidate, private, max-age=0 (a "public" is dropped).
            add_never_cache_headers(response)
        return response


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia for everyone, unless the visitor picked another language with the
    switcher (Django's language cookie). The browser's Accept-Language is not consulted: this is
    an Indonesian government site, and English is an offer, not a guess."""

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
