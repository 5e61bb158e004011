import logging
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")

app = Celery("steering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@beat_init.connect
def log_beat_schedule(sender, **kwargs):
    # Beat's own "beat: Starting..." comes before it opens its schedule, where a beat that cannot
    # start fails; this line comes after, so it says beat is running and what it will send.
    logger.info(
        "Beat is running; its schedule in %s holds: %s",
        sender.schedule_filename,
        ", ".join(sorted(sender.scheduler.schedule)),
    )
