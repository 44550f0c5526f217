from django.urls import path

from nsatu.exchange import views

app_name = "exchange"
urlpatterns = [
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("upload/<str:kind>/", views.upload, name="upload"),
    path("upload/<str:kind>/<int:pk>/", views.upload_preview_page, name="upload_preview"),
    path("upload/<str:kind>/<int:pk>/write/", views.upload_write_page, name="upload_write"),
]
