from django.urls import path

from nsatu.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.item_type_index, name="list"),
    path("<int:pk>/", views.item_type_detail, name="detail"),
]
