"""The locust users of the load benchmark; benchmarks/load.py runs them, headless, against gunicorn.

Each user signs in twice through the real sign-in form (CSRF and django-axes included): as the
secretariat of the group with the largest action log, and as the person with the most actions in
"My work". It then requests a round of the pages, unrecorded, to warm the workers up, and after
that exactly BENCH_ROUNDS rounds, each in its own shuffled order. When the last user has finished,
the run stops, so every page gets users × rounds requests, no more and no fewer.

Anything other than a 200 without a redirect is a failure. Every response time is kept and written
to BENCH_TIMINGS when locust quits; load.py computes the figures from them.
"""

import json
import os
import random
from collections import defaultdict
from pathlib import Path

import gevent
from locust import HttpUser, constant, events, task
from locust.clients import HttpSession
from locust.exception import StopUser

TARGETS = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text())
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# The pages, each with the session it is requested in; the bare page is the yardstick.
PAGES = [
    ("minimal", TARGETS["minimal_url"], "secretariat"),
    ("meeting page", TARGETS["meeting_url"], "secretariat"),
    ("minutes editor", TARGETS["minutes_url"], "secretariat"),
    ("action log", TARGETS["log_url"], "secretariat"),
    ("my work", TARGETS["my_work_url"], "worker"),
    ("agenda pack", TARGETS["pack_url"], "secretariat"),
    ("search", TARGETS["search_url"], "secretariat"),
    ("public minutes", TARGETS["public_url"], "secretariat"),
    ("group settings", TARGETS["settings_url"], "secretariat"),
]
WARM_UP = "warm-up: "

timings: dict[str, list[float]] = defaultdict(list)
sizes: dict[str, list[int]] = defaultdict(list)
statuses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
problems: list[str] = []
finished_users = 0


@events.request.add_listener
def record(name, response_time, response, exception, response_length=0, **kwargs):
    timings[name].append(response_time)
    sizes[name].append(response_length)
    status = getattr(response, "status_code", None)
    statuses[name][str(status)] += 1
    if exception:
        problems.append(f"{name}: {exception}")


@events.quitting.add_listener
def save(environment, **kwargs):
    Path(os.environ["BENCH_TIMINGS"]).write_text(
        json.dumps(
            {
                "timings": timings,
                "sizes": sizes,
                "statuses": statuses,
                "problems": problems,
                "finished_users": finished_users,
            }
        )
    )


class Person(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.sessions = {
            "secretariat": self.client,
            "worker": HttpSession(base_url=self.host, request_event=self.environment.events.request, user=self),
        }
        self.sign_in(self.sessions["secretariat"], TARGETS["secretariat"])
        self.sign_in(self.sessions["worker"], TARGETS["worker"])

    def sign_in(self, session, email):
        session.get("/sign-in/", name="sign-in form")
        token = session.cookies.get("csrftoken")
        with session.post(
            "/sign-in/",
            data={"username": email, "password": TARGETS["password"], "csrfmiddlewaretoken": token},
            name="sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "sessionid" not in session.cookies:
                response.failure(f"sign-in as {email} answered {response.status_code}")
                raise StopUser

    def get(self, name, url, session):
        with self.sessions[session].get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")

    @task
    def rounds(self):
        global finished_users
        for name, url, session in PAGES:
            self.get(WARM_UP + name, url, session)
        order = list(PAGES)
        for _ in range(ROUNDS):
            random.shuffle(order)
            for name, url, session in order:
                self.get(name, url, session)
        finished_users += 1
        if finished_users == self.environment.parsed_options.num_users:
            gevent.spawn(self.environment.runner.quit)
        raise StopUser
