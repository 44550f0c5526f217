from django.urls import path

from nsatu.parties import views

app_name = "parties"
urlpatterns = [
    path("", views.party_index, name="list"),
    path("<str:code>/", views.party_detail, name="detail"),
]
