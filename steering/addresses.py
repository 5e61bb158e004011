"""Addresses of one view for every row of a long page, reversed once.

``reverse()`` costs tens of microseconds; a page of thirty agenda items with their decisions and
actions called it hundreds of times, a good part of the page's time (issue 16's load benchmark).
"""

from collections.abc import Callable

from django.urls import reverse

# A number no row has: it stands for the row's id while the address is reversed.
_STAND_IN = 918273645


def addresses(name: str, *args) -> Callable[[int], str]:
    """A function of one id giving the address of view ``name`` with ``args`` and then that id
    (the view's last argument), the same as ``reverse(name, args=[*args, id])``."""
    head, found, tail = reverse(name, args=[*args, _STAND_IN]).rpartition(str(_STAND_IN))
    if not found:  # pragma: no cover - a view whose last argument is not in its path
        raise ValueError(f"{name}: its last argument is not part of its address")
    return lambda key: f"{head}{int(key)}{tail}"
