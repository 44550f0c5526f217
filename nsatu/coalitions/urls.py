from __future__ import annotations

from django.urls import URLPattern, path

from nsatu.coalitions import views

app_name = "coalitions"

urlpatterns: list[URLPattern] = [
    path("", views.coalition_index, name="list"),
    path("<int:pk>/", views.coalition_detail, name="detail"),
]
