from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("groups/<slug:slug>/meetings/new/", views.meeting_create, name="create"),
    path("groups/<slug:slug>/decisions/", views.decisions_register, name="decisions"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/status/<slug:transition>/", views.meeting_transition, name="transition"),
    path("meetings/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("meetings/<int:pk>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("meetings/<int:pk>/items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("meetings/<int:pk>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("meetings/<int:pk>/items/<int:item_id>/papers/add/", views.paper_add, name="paper_add"),
    path("meetings/<int:pk>/papers/<int:paper_id>/file/<slug:language>/", views.paper_download, name="paper"),
    path("meetings/<int:pk>/papers/<int:paper_id>/remove/", views.paper_remove, name="paper_remove"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/guests/", views.guest_add, name="guest_add"),
    path("meetings/<int:pk>/attendance/<int:attendance_id>/remove/", views.guest_remove, name="guest_remove"),
    path("meetings/<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes/items/<int:item_id>/", views.item_minutes_save, name="item_minutes_save"),
    path("meetings/<int:pk>/minutes/items/<int:item_id>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<int:pk>/decisions/<int:decision_id>/remove/", views.decision_remove, name="decision_remove"),
    path("meetings/<int:pk>/minutes/", views.minutes_review, name="minutes_review"),
    path("meetings/<int:pk>/minutes/comments/", views.minutes_comment, name="minutes_comment"),
    path("meetings/<int:pk>/minutes/correction/new/", views.minutes_correct, name="minutes_correct"),
    path("meetings/<int:pk>/previous-minutes-agreed/", views.minutes_agree, name="minutes_agree"),
    path("meetings/<int:pk>/minutes/versions/<int:version>/", views.minutes_version, name="minutes_version"),
    path("meetings/<int:pk>/minutes/history/", views.minutes_history, name="minutes_history"),
    path("meetings/<int:pk>/minutes/welsh/", views.translation_page, name="translation"),
    path("meetings/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/circulation/", views.circulation, name="circulation"),
    path("meetings/<int:pk>/circulation/<int:delivery_id>/again/", views.delivery_resend, name="delivery_resend"),
    path("published/<int:pk>/<int:version>/minutes.pdf", views.published_pdf, name="published_pdf"),
    path("published/<int:pk>/<int:version>/<slug:language>/", views.published, name="published"),
    path("meetings/<int:pk>/minutes/welsh/translation.xlsx", views.translation_export, name="translation_export"),
    path("meetings/<int:pk>/minutes/<slug:transition>/", views.minutes_transition, name="minutes_transition"),
]
