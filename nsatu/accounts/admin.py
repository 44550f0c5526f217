from django.contrib import admin

from nsatu.accounts.models import ApiToken, User
from nsatu.core.admin_base import SuperuserOnlyAdmin


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin):
    list_display = ["username", "first_name", "last_name", "role", "party", "is_active"]
    list_filter = ["role", "party"]
    exclude = ["password"]


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["digest"]
