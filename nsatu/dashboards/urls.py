from django.urls import path

from nsatu.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
]
