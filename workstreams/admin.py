from django.contrib import admin

from .models import GlossaryEntry, Group, Membership, Organisation, TermsOfReference


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "acronym_en", "acronym_cy", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_cy", "acronym_en", "acronym_cy"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "kind", "parent", "status", "minutes_are_public"]
    list_filter = ["kind", "status", "minutes_are_public"]
    search_fields = ["name_en", "name_cy", "slug", "short_name_en", "short_name_cy"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "group", "role", "organisation", "start_date", "end_date"]
    list_filter = ["role", "group", "organisation__kind", "end_date"]
    search_fields = ["person__full_name", "person__email", "group__name_en", "group__name_cy", "organisation__name_en"]
    autocomplete_fields = ["person", "group", "organisation"]
    raw_id_fields = ["deputy_for"]
    date_hierarchy = "start_date"


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(admin.ModelAdmin):
    list_display = ["group", "version", "date_agreed", "created_by"]
    list_filter = ["group"]
    search_fields = ["group__name_en", "text_en", "text_cy"]
    autocomplete_fields = ["group"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    list_display = ["acronym_en", "expansion_en", "acronym_cy", "expansion_cy", "group"]
    list_filter = ["group"]
    search_fields = ["acronym_en", "acronym_cy", "expansion_en", "expansion_cy"]
    autocomplete_fields = ["group"]
