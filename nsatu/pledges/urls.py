from django.urls import path

from nsatu.pledges import views

app_name = "pledges"
urlpatterns = [
    path("", views.pledge_index, name="list"),
    path("new/", views.pledge_new, name="create"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/status/", views.pledge_status, name="status"),
]
