from __future__ import annotations

from django.urls import path

from nsatu.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.milestone_index, name="timeline"),
    path("summary/", views.milestone_summary, name="summary"),
    path("new/", views.milestone_new, name="new"),
    path("<int:pk>/", views.milestone_detail, name="detail"),
    path("<int:pk>/edit/", views.milestone_edit, name="edit"),
    path("<int:pk>/link/", views.milestone_link_view, name="link"),
    path("<int:pk>/unlink/<int:link_pk>/", views.milestone_unlink_view, name="unlink"),
]
