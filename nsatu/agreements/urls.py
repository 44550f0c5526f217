from django.urls import path

from nsatu.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_index, name="list"),
    path("burden-sharing/", views.burden_index, name="burden"),
    path("funds/", views.fund_index, name="funds"),
    path("funds/<str:code>/", views.fund_detail, name="fund"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/link/", views.agreement_link_view, name="link"),
]
