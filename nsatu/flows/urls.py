from django.urls import path

from nsatu.flows import views

app_name = "flows"
urlpatterns = [
    path("", views.flow_index, name="list"),
    path("new/", views.flow_new, name="create"),
]
