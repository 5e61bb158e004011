"""The search page: ``GET /search/?q=WORDS`` (every kind, the best few of each) and ``&kind=KEY``
(one kind, page by page). The engine is ``actions/search.py``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import search as engine

PER_KIND = 5  # on the page of every kind
PER_PAGE = 20  # on the page of one kind


class _Found:
    """One page of hits standing in for the whole list, so the paginator needs no second query."""

    def __init__(self, hits, total, offset):
        self.hits, self.total, self.offset = hits, total, offset

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        start = index.start - self.offset if isinstance(index, slice) else index - self.offset
        return self.hits[max(start, 0) : max(start, 0) + PER_PAGE]


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("q", "").strip()
    text = typed[: engine.MAX_QUERY_CHARS].strip()
    kind = request.GET.get("kind", "")
    source = engine.SOURCES_BY_KEY.get(kind)
    context = {
        "q": text,
        "kinds": [],
        "source": source,
        "searched": bool(engine.Query.parse(text)),
        "cut": len(typed) > engine.MAX_QUERY_CHARS,
        "max_chars": engine.MAX_QUERY_CHARS,
    }
    if source is None:
        context["kinds"] = engine.search(request.user, text, limit=PER_KIND)
    else:
        number = _page_number(request)
        found = engine.search(request.user, text, kinds=[source.key], limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
        if found:
            paginator = Paginator(_Found(found[0].hits, found[0].total, (number - 1) * PER_PAGE), PER_PAGE)
            context["page"] = paginator.get_page(number)
            context["kinds"] = found
        context["query"] = urlencode({"q": text, "kind": source.key})
    context["total"] = sum(kind.total for kind in context["kinds"])
    return render(request, "actions/search.html", context)
