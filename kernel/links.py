"""Signed links, one module for all of them: unsubscribe, RSVP, share previews, check-in codes and
whatever the next feature hands out. A link carries the id of one row and a purpose; it is
signed with SECRET_KEY and the purpose's salt, so a token made for one purpose is refused by
every other and any tampering fails. All links have one URL style: `/<path of the purpose>/<token>/`.

    link_purpose_register(
        "contacts.unsubscribe", salt="contacts.unsubscribe.v1", url_name="contacts:unsubscribe",
        resolve=lambda pk: Journalist.objects.filter(pk=pk, erased_at__isnull=True).first(),
    )
    url = link_url("contacts.unsubscribe", journalist.pk)        # absolute, for mails
    link = link_read("contacts.unsubscribe", token)              # LinkInvalid/LinkExpired/LinkGone
    link.obj                                                     # the row, from `resolve`

`max_age` (seconds) makes links expire; `revision` binds a link to a version of its row (a share
link of revision 3 stops working at revision 4). `resolve` returning None means the row is gone
(deleted, or a person erased under UU PDP): `link_problem_response` then shows a calm page that
names nobody. Purposes registered before this module existed keep their salt and payload key
(`legacy_key`), so links in mails already sent keep working.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_PURPOSES = {}


class LinkProblem(Exception):
    status = 404
    title = _("Tautan tidak dapat digunakan")
    message = _("Tautan ini tidak valid. Periksa kembali tautan dari e-mail Anda, atau hubungi kami.")


class LinkInvalid(LinkProblem):
    pass


class LinkExpired(LinkProblem):
    status = 410
    title = _("Tautan sudah kedaluwarsa")
    message = _("Masa berlaku tautan ini sudah habis. Mintalah tautan baru kepada pengirimnya.")


class LinkGone(LinkProblem):
    status = 410
    title = _("Tautan tidak berlaku lagi")
    message = _("Tautan ini tidak berlaku lagi. Data yang ditunjuknya sudah tidak ada pada kami.")


@dataclass(frozen=True)
class LinkPurpose:
    name: str
    salt: str
    url_name: str | None = None
    max_age: int | None = None
    legacy_key: str | None = None
    resolve: object = None  # callable(pk) -> row or None
    code_prefix: str | None = None  # short codes (QR check-in): "<prefix><id>:<signature>"


@dataclass(frozen=True)
class SignedLink:
    purpose: LinkPurpose
    pk: int
    extra: dict
    obj: object = None


def link_purpose_register(
    name, *, salt, url_name=None, max_age=None, legacy_key=None, resolve=None, code_prefix=None
):
    purpose = LinkPurpose(name, salt, url_name, max_age, legacy_key, resolve, code_prefix)
    known = _PURPOSES.get(name)
    if known is not None and known.salt != salt:
        raise ValueError(f"link purpose {name!r} registered twice with different salts")
    _PURPOSES[name] = purpose
    return purpose


def link_purpose(name):
    try:
        return _PURPOSES[name]
    except KeyError:
        raise LookupError(f"no signed-link purpose {name!r} (register it in the app's links.py)") from None


def link_token(name, pk, **extra):
    purpose = link_purpose(name)
    return signing.dumps({"id": int(pk), **extra}, salt=purpose.salt, compress=True)


def link_path(name, pk, **extra):
    purpose = link_purpose(name)
    if purpose.url_name is None:
        raise LookupError(f"link purpose {name!r} has no URL")
    return reverse(purpose.url_name, kwargs={"token": link_token(name, pk, **extra)})


def link_url(name, pk, **extra):
    """The absolute link (mails, QR codes, feeds) on the public base URL."""
    return settings.HUMAS_SITE_URL.rstrip("/") + link_path(name, pk, **extra)


def link_read(name, token, *, resolve=True):
    """The SignedLink inside `token`, or LinkInvalid / LinkExpired / LinkGone."""
    purpose = link_purpose(name)
    if not isinstance(token, str) or not token or len(token) > 2000:
        raise LinkInvalid
    try:
        data = signing.loads(token, salt=purpose.salt, max_age=purpose.max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise LinkInvalid from None
    if not isinstance(data, dict):
        raise LinkInvalid
    pk = data.pop("id", None)
    if pk is None and purpose.legacy_key:
        pk = data.pop(purpose.legacy_key, None)
    if not isinstance(pk, int) or isinstance(pk, bool) or pk <= 0:
        raise LinkInvalid
    obj = None
    if resolve and purpose.resolve is not None:
        obj = purpose.resolve(pk)
        if obj is None:
            raise LinkGone
        revision = data.get("rev")
        if revision is not None and getattr(obj, "link_revision", revision) != revision:
            raise LinkExpired
    return SignedLink(purpose, pk, data, obj)


def link_code(name, pk):
    """A short signed code for a QR or a keyboard (check-in at the door)."""
    purpose = link_purpose(name)
    return signing.Signer(salt=purpose.salt).sign(f"{purpose.code_prefix or ''}{int(pk)}")


def link_code_read(name, code):
    """The id inside a short code, or None."""
    purpose = link_purpose(name)
    try:
        value = signing.Signer(salt=purpose.salt).unsign((code or "").strip())
    except signing.BadSignature:
        return None
    prefix = purpose.code_prefix or ""
    if not value.startswith(prefix):
        return None
    number = value[len(prefix) :]
    return int(number) if number.isdigit() else None


def link_problem_response(request, problem, *, template="kernel/link_problem.html"):
    """The calm page for a link that can not be used: no name, no detail, no stack trace."""
    return render(request, template, {"problem": problem}, status=problem.status)
