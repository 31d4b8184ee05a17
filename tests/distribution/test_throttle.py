import time

import pytest

from distribution.throttle import DomainGate, RateGate


@pytest.fixture
def fresh_keys():
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    for key in client.scan_iter("humas:mail:throttle:*"):
        client.delete(key)
    yield


def test_global_rate_is_shared_between_gates(fresh_keys):
    # Two gates stand for two workers: together they get no more than the rate per second.
    a, b = RateGate(rate=20, chunk=5), RateGate(rate=20, chunk=5)
    start = time.time()
    seconds = []
    for _ in range(25):
        a.acquire()
        seconds.append(int(time.time()))
        b.acquire()
        seconds.append(int(time.time()))
    elapsed = time.time() - start
    per_second = {s: seconds.count(s) for s in set(seconds)}
    # 50 tokens at 20/s span at least three wall-clock seconds, none with more than 20 sends.
    assert len(per_second) >= 3 and max(per_second.values()) <= 20, per_second
    assert elapsed > 1.0


def test_domain_cap_per_minute(fresh_keys):
    gate = DomainGate(cap=3)
    flags, wait = gate.reserve(["a.id", "b.id", "a.id", "a.id", "A.ID", "b.id"])
    assert flags == [True, True, True, True, False, True]
    assert 0 < wait <= 60
    flags, _wait = gate.reserve(["a.id", "c.id"])
    assert flags == [False, True]
    assert gate.allow("c.id") is True
    assert DomainGate(cap=0).reserve(["x.id"] * 5)[0] == [True] * 5
