from django.urls import path

from nsatu.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.item_type_index, name="list"),
    path("new/", views.item_type_new, name="create"),
    path("<int:pk>/", views.item_type_detail, name="detail"),
    path("<int:pk>/edit/", views.item_type_edit, name="edit"),
]
