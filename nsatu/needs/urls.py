from django.urls import path

from nsatu.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.requirement_index, name="list"),
    path("new/", views.requirement_new, name="create"),
    path("<int:pk>/", views.requirement_detail, name="detail"),
    path("<int:pk>/edit/", views.requirement_edit, name="edit"),
    path("<int:pk>/transition/", views.requirement_move, name="transition"),
]
