from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("nsatu.dashboards.urls")),
    path("accounts/", include("nsatu.accounts.urls")),
    path("parties/", include("nsatu.parties.urls")),
    path("catalogue/", include("nsatu.catalogue.urls")),
    path("requirements/", include("nsatu.needs.urls")),
    path("pledges/", include("nsatu.pledges.urls")),
    path("logistics/", include("nsatu.logistics.urls")),
    path("notifications/", include("nsatu.notifications.urls")),
    path("flows/", include("nsatu.flows.urls")),
    path("agreements/", include("nsatu.agreements.urls")),
    path("planning/", include("nsatu.planning.urls")),
    path("training/", include("nsatu.training.urls")),
    path("resilience/", include("nsatu.resilience.urls")),
    path("sources/", include("nsatu.sources.urls")),
    path("intake/", include("nsatu.intake.urls")),
    # The JSON API: one NinjaAPI composing every domain's router (config/api.py).
    path("api/", api.urls),
]
