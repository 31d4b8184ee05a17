"""Engagement, privacy first. A link in a distribution's HTML part becomes a signed redirect
(`ClickLinks.rewrite`, at send time); each click is counted per distribution and URL, in
aggregate. Only when the office turned per-recipient tracking on (organisation profile,
`mail_track_recipients`, off by default) does the link carry the delivery and the click get a row
naming the recipient, and every mail's footer then says so (UU PDP 27/2022).

Other pages opened from a mail (the press kit, the embargo room) are counted with
`engagement_record(distribution_id=..., what="presskit")`, for their apps to call.

The counting request is a public GET, and a public GET writes no row (docs/architecture.md): a
click adds one to a Redis hash (one round trip), and beat folds the counts into the database
every sweep (`engagement_flush`). The report adds what is still waiting in Redis, so its figures
are current. A Redis restart without persistence loses at most one sweep interval of counts.
"""

import html as html_lib
import re
import time
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kernel.links import link_url

from .links import CLICK

# An absolute http(s) link in an <a> tag's href (the mail templates write double quotes; Django
# escapes & as &amp; inside). A tag with data-no-track (a link personal to the recipient, which
# must not become one counter per person) is left as it is.
_ANCHOR = re.compile(r'<a\b(?P<attrs>[^>]*?)\bhref="(?P<url>https?://[^"]+)"', re.IGNORECASE)


def _key(name):
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "humas")
    return f"{prefix}:engagement:{name}"


def _redis():
    from django.core.cache import cache

    return cache._cache.get_client(write=True)


def tracking_per_recipient():
    from kernel.selectors import organisation_profile_get

    return bool(getattr(organisation_profile_get(), "mail_track_recipients", False))


class ClickLinks:
    """Rewrites the links of one distribution's HTML parts. Aggregate links are the same for
    every recipient and are signed once per URL per batch; per-recipient links once per mail."""

    def __init__(self, distribution_id, *, per_recipient):
        self.distribution_id = distribution_id
        self.per_recipient = per_recipient
        self._signed = {}
        self._skip_prefixes = (settings.HUMAS_SITE_URL.rstrip("/") + "/berhenti-langganan/",)

    @classmethod
    def for_distribution(cls, distribution):
        return cls(distribution.pk, per_recipient=tracking_per_recipient())

    def link_for(self, url, delivery_id=None):
        if self.per_recipient and delivery_id:
            return link_url(CLICK, self.distribution_id, u=url, d=int(delivery_id))
        signed = self._signed.get(url)
        if signed is None:
            signed = self._signed[url] = link_url(CLICK, self.distribution_id, u=url)
        return signed

    def rewrite(self, html, *, delivery_id=None):
        if not html:
            return html

        def replace(match):
            attrs = match.group("attrs")
            url = html_lib.unescape(match.group("url"))
            if "data-no-track" in attrs or url.startswith(self._skip_prefixes):
                return match.group(0)
            return f'<a{attrs}href="{html_lib.escape(self.link_for(url, delivery_id))}"'

        return _ANCHOR.sub(replace, html)


def click_record(*, distribution_id, url, delivery_id=None):
    """Count one click (the redirect view). The per-recipient part only while tracking is on:
    a link mailed while it was on says nothing about a person once the office turned it off."""
    client = _redis()
    pipe = client.pipeline(transaction=False)
    pipe.hincrby(_key("clicks"), f"{int(distribution_id)}\t{url}", 1)
    if delivery_id and tracking_per_recipient():
        pipe.rpush(
            _key("recipient_clicks"), f"{int(distribution_id)}\t{int(delivery_id)}\t{url}\t{time.time():.0f}"
        )
    pipe.execute()


def engagement_record(*, distribution_id, what):
    """Count one opening of a page reached from a distribution's mail (`what`: "presskit",
    "embargo_room", ...), in aggregate. For other apps' views to call; cheap (one Redis call)."""
    _redis().hincrby(_key("pages"), f"{int(distribution_id)}\t{str(what)[:40]}", 1)


def _take(client, name):
    """Move a Redis key aside atomically (RENAME), so clicks arriving meanwhile go to a new one."""
    source = _key(name)
    aside = f"{source}:flush:{uuid.uuid4().hex}"
    try:
        client.rename(source, aside)
    except Exception:  # noqa: BLE001 - redis says "no such key": nothing to fold
        return None
    return aside


def engagement_flush():
    """Beat: fold the counts waiting in Redis into the database. Returns the clicks folded."""
    from .models import Distribution, EngagementCount, LinkClickCount, RecipientClick

    client = _redis()
    folded = 0
    now = timezone.now()
    for name, model, column, counter in (
        ("clicks", LinkClickCount, "url", "clicks"),
        ("pages", EngagementCount, "what", "count"),
    ):
        aside = _take(client, name)
        if aside is None:
            continue
        counts = {}
        for field, n in client.hgetall(aside).items():
            dist_id, _tab, value = field.decode().partition("\t")
            if dist_id.isdigit() and value:
                counts[(int(dist_id), value)] = counts.get((int(dist_id), value), 0) + int(n)
        known = set(Distribution.objects.filter(pk__in={d for d, _v in counts}).values_list("pk", flat=True))
        table = model._meta.db_table
        last = "last_clicked_at" if model is LinkClickCount else "last_at"
        with transaction.atomic(), connection.cursor() as cursor:
            for (dist_id, value), n in counts.items():
                if dist_id not in known:
                    continue
                cursor.execute(
                    f"INSERT INTO {table} (distribution_id, {column}, {counter}, {last}) VALUES (%s, %s, %s, %s)"  # noqa: S608
                    f" ON CONFLICT (distribution_id, {column}) DO UPDATE"
                    f" SET {counter} = {table}.{counter} + EXCLUDED.{counter}, {last} = EXCLUDED.{last}",
                    [dist_id, value[:2000], n, now],
                )
                folded += n if model is LinkClickCount else 0
        client.delete(aside)
    aside = _take(client, "recipient_clicks")
    if aside is not None:
        from .models import Delivery

        entries = []
        for raw in client.lrange(aside, 0, -1):
            parts = raw.decode().split("\t")
            if len(parts) == 4 and parts[0].isdigit() and parts[1].isdigit():
                entries.append((int(parts[0]), int(parts[1]), parts[2]))
        ours = set(
            Delivery.objects.filter(pk__in={d for _x, d, _u in entries}).values_list("pk", "distribution_id")
        )
        RecipientClick.objects.bulk_create(
            [RecipientClick(delivery_id=d, url=u[:2000]) for x, d, u in entries if (d, x) in ours]
        )
        client.delete(aside)
    return folded


def pending_counts(distribution_id, name="clicks"):
    """{value: n} still waiting in Redis for this distribution (the report adds them)."""
    prefix = f"{int(distribution_id)}\t"
    out = {}
    for field, n in _redis().hscan_iter(_key(name), match=f"{prefix}*"):
        out[field.decode()[len(prefix) :]] = int(n)
    return out


def link_click_counts(distribution):
    """[(url, clicks)] of a distribution, most clicked first: folded plus waiting counts."""
    from .models import LinkClickCount

    counts = dict(LinkClickCount.objects.filter(distribution=distribution).values_list("url", "clicks"))
    for url, n in pending_counts(distribution.pk, "clicks").items():
        counts[url] = counts.get(url, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def page_open_counts(distribution):
    from .models import EngagementCount

    counts = dict(EngagementCount.objects.filter(distribution=distribution).values_list("what", "count"))
    for what, n in pending_counts(distribution.pk, "pages").items():
        counts[what] = counts.get(what, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
