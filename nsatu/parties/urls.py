from django.urls import path

from nsatu.parties import views

# The detail page shows the party's pledges: nsatu.dashboards serves it (config/urls.py).
app_name = "parties"
urlpatterns = [
    path("", views.party_index, name="list"),
    # Before the detail page's "<str:code>/" (config/urls.py mounts it after these): Django takes the first
    # matching pattern. Codes are upper case, so no party is "new".
    path("new/", views.party_new, name="create"),
    path("<str:code>/edit/", views.party_edit, name="edit"),
]
