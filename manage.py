#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")
    # A checkout with nothing configured is a developer's machine: run in development mode there.
    # Anywhere with a SECRET_KEY (production) keeps DEBUG off unless it is asked for.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
