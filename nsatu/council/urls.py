from __future__ import annotations

from django.urls import path

from nsatu.council import views

app_name = "council"

urlpatterns = [
    path("", views.meeting_index, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/decide/", views.decision_new, name="decide"),
    path("actions/", views.action_index, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/status/", views.action_status_view, name="action_status"),
    path("actions/<int:pk>/link/", views.action_link_view, name="action_link"),
    path("actions/<int:pk>/unlink/<int:link_pk>/", views.action_unlink_view, name="action_unlink"),
]
