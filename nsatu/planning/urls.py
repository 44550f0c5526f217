from django.urls import path

from nsatu.planning import production_views, views

app_name = "planning"
urlpatterns = [
    path("", views.run_index, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="progress"),
    path("runs/<int:pk>/cancel/", views.run_cancel_view, name="run_cancel"),
    path("runs/<int:pk>/retry/", views.run_retry_view, name="run_retry"),
    path("compare/", views.run_compare_view, name="compare"),
    path("proposals/", views.line_index, name="lines"),
    path("proposals/<int:pk>/decide/", views.line_decide, name="decide"),
    path("claims/", views.claim_index, name="claims"),
    path("claims/<int:pk>/release/", views.claim_release_view, name="claim_release"),
    path("report/", views.report, name="report"),
    path("runs/<int:pk>/production/", production_views.run_production, name="run_production"),
    path("production/", production_views.production_latest, name="production_latest"),
]
