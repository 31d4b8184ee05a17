"""An upgrade must not break on what the previous release left in Redis: the organisation
profile was cached as a pickled `humas.OrganisationProfile`, a model that now lives in the
kernel, and unpickling it raises LookupError on every page."""

import pytest
from django.core.cache import cache
from django.db.models.base import model_unpickle

from kernel.selectors import organisation_profile_get

pytestmark = pytest.mark.django_db


class _OldPickledProfile:
    def __reduce__(self):
        return (model_unpickle, (("humas", "OrganisationProfile"),), {"id": 1, "name": "Lama"})


def test_a_profile_cached_by_the_previous_release_is_not_read():
    cache.set("humas:org-profile:v1", _OldPickledProfile(), 600)
    with pytest.raises(LookupError):
        cache.get("humas:org-profile:v1")  # what every page did before the key moved on
    assert organisation_profile_get().pk == 1
