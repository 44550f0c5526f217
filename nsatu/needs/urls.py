from django.urls import path

from nsatu.needs import views

# The list and the detail page show coverage by pledges: nsatu.dashboards serves them (config/urls.py).
app_name = "needs"
urlpatterns = [
    path("new/", views.requirement_new, name="create"),
    path("<int:pk>/edit/", views.requirement_edit, name="edit"),
    path("<int:pk>/transition/", views.requirement_move, name="transition"),
]
