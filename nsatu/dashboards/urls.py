from django.urls import path

from nsatu.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cooperation/", views.cooperation, name="cooperation"),
]

# Pages of other apps' namespaces that read domains above those apps; config/urls.py mounts them there.
requirement_patterns = [
    path("", views.requirement_index, name="list"),
    path("<int:pk>/", views.requirement_detail, name="detail"),
]
party_patterns = [path("<str:code>/", views.party_detail, name="detail")]
item_type_patterns = [path("<int:pk>/", views.item_type_detail, name="detail")]
