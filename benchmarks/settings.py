"""Settings for the load benchmark (benchmarks/load.py): the service's own, plus a bare page.

Everything is steering.settings as production reads it from the environment, except:
- ROOT_URLCONF adds /bench/minimal/, the base template alone, which the product never routes;
- the cookies are not marked Secure, because gunicorn is reached over plain HTTP on 127.0.0.1
  (in production a proxy terminates TLS in front of it);
- collected static files go to benchmarks/var/static, not the project's var/.
"""

import os
from pathlib import Path

from steering.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", Path(__file__).resolve().parent / "var" / "static"))
# Plain HTTP on 127.0.0.1: no proxy in front to say the request came over HTTPS.
SECURE_SSL_REDIRECT = False
