from __future__ import annotations

from django.urls import path

from nsatu.aid import views

app_name = "aid"

urlpatterns = [
    path("", views.line_index, name="lines"),
    path("lines/<str:line_id>/", views.line_detail, name="line"),
    path("proposals/", views.proposal_index, name="proposals"),
    path("decisions/", views.decision_create, name="decide"),
    path("decisions/<int:pk>/withdraw/", views.decision_withdraw, name="withdraw"),
]
