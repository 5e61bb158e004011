import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions():
    """Run nightly by beat: expired sessions would otherwise pile up in the database."""
    call_command("clearsessions")
    logger.info("Expired sessions cleared")
