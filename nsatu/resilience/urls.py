from django.urls import path

from nsatu.resilience import views

app_name = "resilience"
urlpatterns = [
    path("", views.scenarios, name="scenarios"),
    path("save/", views.scenario_save, name="save"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/delete/", views.scenario_remove, name="delete"),
    path("fleet/", views.fleet, name="fleet"),
    path("consolidation/", views.consolidation, name="consolidation"),
    path("briefing.<str:fmt>", views.briefing, name="briefing"),
]
