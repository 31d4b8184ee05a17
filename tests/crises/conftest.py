from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def open_incident(staf):
    from crises.services import incident_open

    def _open(**kwargs):
        kwargs.setdefault("title", "Gangguan layanan perizinan daring")
        kwargs.setdefault("severity", 3)
        kwargs.setdefault("owner", staf)
        return incident_open(actor=kwargs.pop("actor", staf), **kwargs)

    return _open


@pytest.fixture
def approved_template(staf, sekretaris):
    from crises.models import Scenario
    from crises.services import template_approve, template_create

    template = template_create(
        actor=staf,
        title="Pernyataan siaga banjir",
        scenario=Scenario.NATURAL_DISASTER,
        body="<p>Pemerintah menyampaikan keprihatinan atas banjir di [WILAYAH].</p>",
    )
    return template_approve(
        actor=sekretaris, template=template, review_date=timezone.localdate() + timedelta(days=90)
    )


def purge_broker_queues():
    """Drop tasks left in the broker by earlier runs (the shared celery_worker fixture's
    control.purge() empties only the default queue, not `mail`)."""
    from humas.celery import app

    with app.connection_for_write() as connection:
        for queue in ("celery", "mail", "pdf"):
            connection.default_channel.queue_purge(queue)
