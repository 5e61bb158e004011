"""Where the service keeps its files (papers, answers, agenda packs, minutes PDFs, imported
minutes): the local folder ``MEDIA_ROOT`` by default, or S3-compatible object storage, through
django-storages, when the environment names a bucket. With two web machines, or a worker on
another machine, files must be in object storage: what one machine writes, the others read.

Files are never served from the bucket's address: every download goes through a view that asks
the permission rules and streams the file. The bucket's objects are private (no ACL is set, so the
bucket's own policy applies: keep it private).

The environment, either
- ``STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=…&region_name=…`` (access key and secret in the
  URL's user part, ``s3://KEY:SECRET@BUCKET``, or in the usual ``AWS_ACCESS_KEY_ID`` /
  ``AWS_SECRET_ACCESS_KEY``); or
- the usual django-storages names: ``AWS_STORAGE_BUCKET_NAME``, ``AWS_S3_ENDPOINT_URL``,
  ``AWS_S3_REGION_NAME``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_LOCATION``.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# What a STORAGE_URL's query may set, as django-storages names its options.
URL_OPTIONS = {"endpoint_url", "region_name", "signature_version", "addressing_style"}


def default_storage_from(environ) -> dict:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    url = environ.get("STORAGE_URL", "").strip()
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not url and not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        # Private objects; an existing name is never overwritten (a new upload gets a new name).
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
    }
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket/prefix?endpoint_url=…, not {url!r}")
        options["bucket_name"] = parts.hostname
        if parts.path.strip("/"):
            options["location"] = parts.path.strip("/")
        if parts.username:
            options["access_key"] = unquote(parts.username)
            options["secret_key"] = unquote(parts.password or "")
        for name, values in parse_qs(parts.query).items():
            if name not in URL_OPTIONS:
                raise ImproperlyConfigured(
                    f"STORAGE_URL does not take {name!r}; it takes {', '.join(sorted(URL_OPTIONS))}"
                )
            options[name] = values[-1]
    else:
        options["bucket_name"] = bucket
        for setting, option in (
            ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
            ("AWS_S3_REGION_NAME", "region_name"),
            ("AWS_LOCATION", "location"),
        ):
            if environ.get(setting):
                options[option] = environ[setting]
    for setting, option in (("AWS_ACCESS_KEY_ID", "access_key"), ("AWS_SECRET_ACCESS_KEY", "secret_key")):
        if environ.get(setting) and option not in options:
            options[option] = environ[setting]
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
