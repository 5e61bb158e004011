"""``GET /health/``, for load balancers: 200 when the database, the broker and the file storage
answer, 503 naming the parts that do not. Each check is short (a few seconds at most) and says
nothing of the machine but the part's name and the kind of failure."""

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def broker() -> None:
    from .celery import app

    with app.connection_for_write(connect_timeout=TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        # A Redis broker answers a ping; the filesystem broker is its folders, checked by connecting.
        client = getattr(conn.default_channel, "client", None)
        if client is not None and hasattr(client, "ping"):
            client.ping()


def storage() -> None:
    """A small object written, read back and deleted: reading alone would not notice a bucket or
    folder the service can no longer write to."""
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != b"ok":
                raise OSError("read back differs")
    finally:
        default_storage.delete(name)


def cache_store() -> None:
    key = f"health-{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise OSError("the cache did not keep a value")
    cache.delete(key)


CHECKS = {"database": database, "broker": broker, "storage": storage, "cache": cache_store}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 (any failure of a part is that part failing)
            logger.warning("health: %s failing: %r", name, error)
            results[name] = f"failing: {type(error).__name__}"
        else:
            results[name] = "ok"
    failing = [name for name, result in results.items() if result != "ok"]
    return JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, "checks": results},
        status=503 if failing else 200,
    )
