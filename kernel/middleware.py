from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from .twofactor import user_requires_2fa

PROTECTED_PREFIXES = ("/staf/", "/admin/", "/ckeditor5/")


class TwoFactorRequiredMiddleware:
    """Users whose role needs a second factor reach the staff area and the admin only after
    entering a TOTP code in this session (and set up their authenticator on first sign-in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and user_requires_2fa(request.user)
        ):
            return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


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
