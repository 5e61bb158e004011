from django.contrib import admin

from .models import (
    AgendaItem,
    Attendance,
    Circulation,
    Decision,
    Delivery,
    Meeting,
    Minutes,
    MinutesEvent,
    Paper,
    ReviewComment,
)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "number", "starts_at", "status", "chair"]
    list_filter = ["status", "group"]
    search_fields = ["group__name_en", "group__name_cy", "place_en", "place_cy"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["chair"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_cy", "meeting", "parent", "position", "kind"]
    list_filter = ["kind", "meeting__group"]
    search_fields = ["title_en", "title_cy", "minutes_en", "minutes_cy"]
    raw_id_fields = ["meeting", "parent", "lead_person", "lead_organisation", "minutes_updated_by"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_cy", "item", "confidential", "uploaded_at"]
    list_filter = ["confidential"]
    search_fields = ["title_en", "title_cy", "filename_en", "filename_cy"]
    raw_id_fields = ["item", "uploaded_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "organisation", "status", "deputising_for"]
    list_filter = ["status", "meeting__group"]
    search_fields = ["name", "membership__person__full_name", "organisation__name_en"]
    raw_id_fields = ["meeting", "membership", "organisation", "deputising_for"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text_en", "text_cy", "item", "created_at"]
    list_filter = ["item__meeting__group"]
    search_fields = ["text_en", "text_cy"]
    raw_id_fields = ["item", "created_by"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "version", "status", "approved_by", "approved_at", "agreed_at_meeting"]
    list_filter = ["status", "meeting__group"]
    search_fields = ["meeting__group__name_en", "content_hash"]
    # Approved text and its hash are the record: readable here, never edited.
    readonly_fields = ["snapshot", "content_hash", "approved_by", "approved_at", "submitted_at"]
    raw_id_fields = ["meeting", "agreed_at_meeting"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["text", "minutes", "item", "author", "created_at"]
    search_fields = ["text"]
    raw_id_fields = ["minutes", "item", "author"]


@admin.register(MinutesEvent)
class MinutesEventAdmin(admin.ModelAdmin):
    list_display = ["meeting", "minutes_version", "kind", "actor", "detail", "at"]
    list_filter = ["kind"]
    search_fields = ["meeting__group__name_en", "actor__full_name", "detail"]
    readonly_fields = ["meeting", "minutes_version", "kind", "actor", "detail", "at"]


@admin.register(Circulation)
class CirculationAdmin(admin.ModelAdmin):
    list_display = ["minutes", "layout", "pdf_sha256", "created_by", "created_at"]
    search_fields = ["minutes__meeting__group__name_en", "pdf_sha256"]
    # A published PDF never changes.
    readonly_fields = ["minutes", "supersedes", "layout", "pdf", "pdf_sha256", "created_by", "created_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["person", "circulation", "status", "attempts", "sent_at", "sent_to"]
    list_filter = ["status"]
    search_fields = ["person__full_name", "person__email", "sent_to", "last_error"]
    raw_id_fields = ["circulation", "person"]
