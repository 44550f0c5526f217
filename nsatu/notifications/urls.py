from django.urls import path

from nsatu.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_index, name="list"),
    path("preferences/", views.notice_preferences, name="preferences"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]
