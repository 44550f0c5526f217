from django.urls import path

from nsatu.catalogue import views

# The detail page shows the pledges of the item: nsatu.dashboards serves it (config/urls.py).
app_name = "catalogue"
urlpatterns = [
    path("", views.item_type_index, name="list"),
    path("new/", views.item_type_new, name="create"),
    path("<int:pk>/edit/", views.item_type_edit, name="edit"),
]
