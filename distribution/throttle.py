"""Send-rate limits shared by every worker on every host, kept in Redis.

- a global rate (messages per second): a counter per wall-clock second; a worker that finds the
  second full waits for the next one;
- a cap per recipient domain per minute: a delivery over the cap is not failed but put back in
  the queue until the next minute.
"""

import time

from django.conf import settings
from django.core.cache import cache

_PREFIX = "humas:mail:throttle"


def _client():
    return cache._cache.get_client(write=True)


def global_rate():
    return int(getattr(settings, "HUMAS_MAIL_RATE_PER_SECOND", 50))


def domain_cap():
    return int(getattr(settings, "HUMAS_MAIL_PER_DOMAIN_PER_MINUTE", 600))


# INCR and set the expiry in one round trip.
_INCR_LUA = """
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return n
"""


class RateGate:
    """Takes tokens from the shared per-second counter, a few at a time so that a fast worker
    does not pay one Redis round trip per message."""

    def __init__(self, rate=None, chunk=None):
        self.rate = rate or global_rate()
        # A tenth of the per-second rate per round trip (at most 100): at 50/s a worker takes 5
        # tokens at a time, at 5,000/s 100. Tokens a worker took but did not use lapse with their
        # second, so the rate is never exceeded; another worker can at worst wait for the next.
        self.chunk = chunk or max(1, min(100, self.rate // 10))
        self.local = 0
        self.local_second = None
        self.client = _client()
        self.script = self.client.register_script(_INCR_LUA)

    def acquire(self):
        if self.rate <= 0:
            return
        while True:
            now = time.time()
            second = int(now)
            if self.local and self.local_second == second:
                self.local -= 1
                return
            want = self.chunk
            total = int(self.script(keys=[f"{_PREFIX}:g:{second}"], args=[want, 5]))
            granted = min(want, self.rate - (total - want))
            if granted > 0:
                self.local_second = second
                self.local = granted - 1
                return
            time.sleep(max(0.001, second + 1 - time.time()))


class DomainGate:
    def __init__(self, cap=None):
        self.cap = cap if cap is not None else domain_cap()
        self.client = _client()
        self.script = self.client.register_script(_INCR_LUA)

    def reserve(self, domains):
        """For a batch: one flag per entry of `domains` (True = may send this minute) and the
        seconds until the next minute. One Redis round trip for the whole batch."""
        from collections import Counter

        wait = (int(time.time() // 60) + 1) * 60 - time.time()
        if self.cap <= 0 or not domains:
            return [True] * len(domains), wait
        minute = int(time.time() // 60)
        wanted = Counter(d.lower() for d in domains)
        pipe = self.client.pipeline(transaction=False)
        for domain, n in wanted.items():
            self.script(keys=[f"{_PREFIX}:d:{domain}:{minute}"], args=[n, 120], client=pipe)
        totals = dict(zip(wanted, pipe.execute(), strict=True))
        # Of the `n` asked for, only those that fit under the cap are granted, in batch order.
        budget = {d: max(0, min(n, self.cap - (int(totals[d]) - n))) for d, n in wanted.items()}
        flags = []
        for domain in domains:
            key = domain.lower()
            flags.append(budget[key] > 0)
            budget[key] -= 1
        return flags, wait

    def allow(self, domain):
        """True when one more mail to `domain` fits this minute; otherwise the seconds to wait."""
        if self.cap <= 0:
            return True
        minute = int(time.time() // 60)
        n = int(self.script(keys=[f"{_PREFIX}:d:{domain.lower()}:{minute}"], args=[1, 120]))
        if n <= self.cap:
            return True
        return (minute + 1) * 60 - time.time()
