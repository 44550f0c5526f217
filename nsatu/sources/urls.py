from django.urls import path

from nsatu.sources import views

app_name = "sources"
urlpatterns = [
    path("", views.dataset_index, name="list"),
    path("<slug:key>/", views.dataset_detail, name="detail"),
]
