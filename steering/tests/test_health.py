"""``GET /health/``: 200 when the database, the broker, the storage and the cache answer; 503
naming each part that does not: a broker on a closed port, a storage folder that cannot be
written, a database that refuses."""

import socket

from django.db import OperationalError, connection


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_part_answering_is_200(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "broker": "ok", "storage": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_broker_that_does_not_answer_is_named(client, db, settings):
    from steering.celery import app

    before = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{_closed_port()}/0"
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = before
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["failing"] == ["broker"]
    assert body["checks"]["broker"].startswith("failing: ")
    assert "127.0.0.1" not in response.content.decode()  # the part's name, not the machine's


def test_storage_that_cannot_be_written_is_named(client, db, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocked)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


def test_a_database_that_does_not_answer_is_named(client, db, monkeypatch):
    """As Django raises it when the server refuses (the test database itself cannot be stopped
    under a test; ``make rehearse`` restarts PostgreSQL for real)."""

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "ensure_connection", refused)
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


def test_health_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
