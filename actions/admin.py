from django.contrib import admin

from .models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["text_en", "group", "owner_person", "owner_organisation", "due_date", "status"]
    list_filter = ["status", "group", "owner_organisation__kind"]
    search_fields = ["text_en", "text_cy", "owner_person__full_name", "owner_organisation__name_en"]
    date_hierarchy = "due_date"
    raw_id_fields = [
        "group",
        "item",
        "owner_person",
        "owner_organisation",
        "created_by",
        "closed_by",
        "closed_at_meeting",
    ]
