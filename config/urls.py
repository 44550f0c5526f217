from django.contrib import admin
from django.urls import include, path

from config.api import api
from nsatu.catalogue import urls as catalogue_urls
from nsatu.dashboards import urls as dashboards_urls
from nsatu.needs import urls as needs_urls
from nsatu.parties import urls as parties_urls

# The requirement list and detail, the party detail and the item type detail pages read pledges (coverage,
# pledges of a donor or an item), a domain above needs, parties and catalogue: nsatu.dashboards serves them.
# Their URLs and names stay in the namespace of the record they show, composed here from the patterns of both
# apps. The app's own patterns come first: parties' "new/" must match before the detail's "<str:code>/".
urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("nsatu.dashboards.urls")),
    path("accounts/", include("nsatu.accounts.urls")),
    path(
        "parties/",
        include(([*parties_urls.urlpatterns, *dashboards_urls.party_patterns], "parties")),
    ),
    path(
        "catalogue/",
        include(([*catalogue_urls.urlpatterns, *dashboards_urls.item_type_patterns], "catalogue")),
    ),
    path(
        "requirements/",
        include(([*needs_urls.urlpatterns, *dashboards_urls.requirement_patterns], "needs")),
    ),
    path("pledges/", include("nsatu.pledges.urls")),
    path("logistics/", include("nsatu.logistics.urls")),
    path("notifications/", include("nsatu.notifications.urls")),
    path("flows/", include("nsatu.flows.urls")),
    path("aid/", include("nsatu.aid.urls")),
    path("coverage/", include("nsatu.coverage.urls")),
    path("agreements/", include("nsatu.agreements.urls")),
    path("planning/", include("nsatu.planning.urls")),
    path("training/", include("nsatu.training.urls")),
    path("resilience/", include("nsatu.resilience.urls")),
    path("sources/", include("nsatu.sources.urls")),
    path("intake/", include("nsatu.intake.urls")),
    path("coalitions/", include("nsatu.coalitions.urls")),
    path("production/", include("nsatu.production.urls")),
    path("roadmap/", include("nsatu.roadmap.urls")),
    path("council/", include("nsatu.council.urls")),
    path("exchange/", include("nsatu.exchange.urls")),
    # The JSON API: one NinjaAPI composing every domain's router (config/api.py).
    path("api/", api.urls),
]
