from __future__ import annotations

from nsatu.api.api import api

# NinjaAPI.urls gives (patterns, app_name, namespace); config/urls.py includes this module, so only the patterns.
app_name = "api"
urlpatterns = api.urls[0]
