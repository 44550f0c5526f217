from __future__ import annotations

from django.urls import URLPattern, path

from nsatu.coverage import views

app_name = "coverage"

urlpatterns: list[URLPattern] = [
    path("", views.coverage, name="coverage"),
]
