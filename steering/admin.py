from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group as PermissionGroup
from django.utils.translation import gettext_lazy as _

from .models import Person

admin.site.site_header = _("Steering group governance: administration")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Records")
# Permissions come from roles in groups (rules), not from Django's permission groups, whose
# "Groups" would also be confused with the steering groups.
admin.site.unregister(PermissionGroup)


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "preferred_language", "is_active", "is_superuser", "last_login"]
    list_filter = ["preferred_language", "is_active", "is_staff", "is_superuser"]
    search_fields = ["full_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "preferred_language", "password1", "password2"]}),
    ]
