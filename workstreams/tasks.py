import logging
import smtplib

from celery import shared_task

from . import services
from .models import Membership

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=8,
)
def send_welcome(*, membership_id: int) -> None:
    membership = Membership.objects.select_related("person", "group").filter(pk=membership_id).first()
    if membership is None:
        logger.warning("Membership %s is gone; no welcome sent", membership_id)
        return
    services.send_welcome(membership)
