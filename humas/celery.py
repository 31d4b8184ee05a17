import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas.settings")

app = Celery("humas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Press-kit rendering lives in its own package inside releases/.
app.autodiscover_tasks(["releases.presskit"])
