from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.selectors import item_number
from meetings.views import _get_meeting_for_user, _item, editor_context
from steering.errors import DomainError

from . import services
from .forms import ActionForm
from .models import Action


def _editor(meeting, item) -> str:
    return f"{reverse('meetings:minutes_edit', args=[meeting.pk])}#item-{item.pk}"


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, perm="meetings.manage_meeting")
    item = _item(meeting, item_id)
    form = ActionForm(request.POST, group=meeting.group, prefix=f"action-{item.pk}")
    if form.is_valid():
        try:
            services.record_action(item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(meeting)
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The action is recorded on item %(number)s.") % {"number": item_number(item)})
            return redirect(_editor(meeting, item))
    context = editor_context(meeting, action_forms={item.pk: form})
    return render(request, "meetings/minutes_edit.html", {**context, "form": form}, status=400)


@login_required
@require_POST
def action_remove(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, perm="meetings.manage_meeting")
    action = get_object_or_404(Action.objects.select_related("item"), pk=action_id, item__meeting=meeting)
    try:
        services.remove_action(action, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(request, _("The action is removed."))
    return redirect(_editor(meeting, action.item))
