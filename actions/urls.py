from django.urls import path

from . import import_views, search_views, views

app_name = "actions"

urlpatterns = [
    path("meetings/<int:pk>/items/<int:item_id>/actions/add/", views.action_add, name="action_add"),
    path("meetings/<int:pk>/actions/<int:action_id>/remove/", views.action_remove, name="action_remove"),
    path("meetings/<int:pk>/actions/<int:action_id>/done/", views.action_close_at_meeting, name="close_at_meeting"),
    path("groups/<slug:slug>/actions/", views.action_log, name="log"),
    path("groups/<slug:slug>/minutes/import/", import_views.import_upload, name="import_upload"),
    path("meetings/<int:pk>/minutes/import/draft/", import_views.import_draft, name="import_draft"),
    path("minutes-imports/<int:import_id>/", import_views.import_review, name="import_review"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("my-work/", views.my_work, name="my_work"),
    path("groups/<slug:slug>/feedback/", views.feedback_list, name="feedback_list"),
    path("groups/<slug:slug>/feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/<int:request_id>/", views.feedback_detail, name="feedback"),
    path("feedback/<int:request_id>/chase/", views.feedback_chase, name="feedback_chase"),
    path("feedback/<int:request_id>/answers.csv", views.feedback_export, name="feedback_export"),
    path(
        "feedback/<int:request_id>/answers.xlsx",
        views.feedback_export,
        {"fmt": "xlsx"},
        name="feedback_export_xlsx",
    ),
    path("feedback/<int:request_id>/answers/<int:response_id>/file/", views.feedback_file, name="feedback_file"),
    path("calendar/<uuid:token>.ics", views.calendar_feed, name="calendar"),
    path("calendar/new-address/", views.calendar_reset, name="calendar_reset"),
    path("search/", search_views.search, name="search"),
]
