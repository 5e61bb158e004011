"""Loads the demo: the seed's steering group, its organisations, people and groups.

It lives in the top app because it loads every app's demo data, lowest layer first. Running it
again changes nothing.
"""

from django.core.management.base import BaseCommand

from actions import demo as actions_demo
from actions import services as action_services
from meetings import demo as meetings_demo
from workstreams import demo as workstreams_demo


class Command(BaseCommand):
    help = "Load the demo steering group from the seed minutes (safe to run again)."

    def handle(self, *args, **options):
        counts = workstreams_demo.load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {summary}."))
        counts = meetings_demo.load(record_action=action_services.record_action)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo meetings loaded: {summary}."))
        counts = actions_demo.load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo feedback loaded: {summary}."))
        self.stdout.write(f"Demo sign-ins (password {workstreams_demo.DEMO_PASSWORD}):")
        for email, full_name, _language in workstreams_demo.PEOPLE[:5] + workstreams_demo.PEOPLE[-2:]:
            self.stdout.write(f"  {email:28} {full_name}")
