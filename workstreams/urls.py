from django.urls import path

from . import views

app_name = "workstreams"

urlpatterns = [
    path("", views.home, name="home"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:organisation_id>/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:organisation_id>/merge/", views.organisation_merge, name="organisation_merge"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("groups/<slug:slug>/deliverables/add/", views.deliverable_edit, name="deliverable_add"),
    path("groups/<slug:slug>/deliverables/<int:deliverable_id>/", views.deliverable_edit, name="deliverable_edit"),
    path("groups/<slug:slug>/report/", views.report_write, name="report_write"),
    path("groups/<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("groups/<slug:slug>/settings/", views.group_settings, name="group_settings"),
    path("groups/<slug:slug>/close/", views.group_close, name="group_close"),
    path("groups/<slug:slug>/members/add/", views.membership_add, name="membership_add"),
    path("groups/<slug:slug>/members/<int:membership_id>/change/", views.membership_change, name="membership_change"),
    path("groups/<slug:slug>/members/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path("groups/<slug:slug>/terms-of-reference/new/", views.terms_of_reference_add, name="terms_of_reference_add"),
    path("groups/<slug:slug>/terms-of-reference/<int:version>/", views.terms_of_reference, name="terms_of_reference"),
    path("groups/<slug:slug>/glossary/add/", views.glossary_entry_edit, name="glossary_add"),
    path("groups/<slug:slug>/glossary/<int:entry_id>/", views.glossary_entry_edit, name="glossary_edit"),
    path("groups/<slug:slug>/glossary/<int:entry_id>/remove/", views.glossary_entry_remove, name="glossary_remove"),
]
