from __future__ import annotations

from django.urls import URLPattern, path

from nsatu.production import views

app_name = "production"

urlpatterns: list[URLPattern] = [
    path("", views.project_index, name="list"),
    path("new/", views.project_new, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/status/", views.project_status, name="status"),
    path("<int:pk>/partners/", views.project_partner, name="partner"),
    path("<int:pk>/capacity/", views.project_capacity, name="capacity"),
    path("<int:pk>/funding/", views.project_funding, name="funding"),
]
