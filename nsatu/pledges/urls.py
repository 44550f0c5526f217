from django.urls import path

from nsatu.pledges import views

app_name = "pledges"
urlpatterns = [
    path("", views.pledge_index, name="list"),
    path("new/", views.pledge_new, name="create"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/edit/", views.pledge_edit, name="edit"),
    path("<int:pk>/status/", views.pledge_status, name="status"),
    path("<int:pk>/tranches/", views.pledge_tranche_add, name="tranche_add"),
]
