from django.urls import path

from nsatu.training import views

app_name = "training"
urlpatterns = [
    path("", views.training_index, name="courses"),
    path("readiness/", views.readiness_index, name="readiness"),
]
