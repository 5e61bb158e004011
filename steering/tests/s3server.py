"""A real S3-compatible server for the tests: moto in server mode, in its own process on
127.0.0.1, started by the test run and stopped at its end (``make rehearse`` starts its own)."""

import socket
import subprocess  # nosec B404: our own interpreter, fixed arguments
import sys
import time
import urllib.request
from contextlib import contextmanager

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "eu-west-2"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def s3_server():
    """The server's endpoint URL while it runs."""
    port = free_port()
    process = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310  # nosec B310: loopback
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the S3 server (moto) did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def client(endpoint: str):
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )


def storage_options(endpoint: str, bucket: str) -> dict:
    """``STORAGES["default"]`` on that server's bucket, as ``steering.storage`` builds it."""
    from steering.storage import default_storage_from

    return default_storage_from(
        {
            "STORAGE_URL": f"s3://{bucket}?endpoint_url={endpoint}&region_name={REGION}",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }
    )
