from django.urls import path

from nsatu.parties import views

app_name = "parties"
urlpatterns = [
    path("", views.party_index, name="list"),
    # Before "<str:code>/": Django takes the first matching pattern. Codes are upper case, so no party is "new".
    path("new/", views.party_new, name="create"),
    path("<str:code>/", views.party_detail, name="detail"),
    path("<str:code>/edit/", views.party_edit, name="edit"),
]
