from django.urls import path

from nsatu.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_index, name="list"),
    path("new/", views.agreement_new, name="new"),
    path("frameworks/", views.framework_index, name="frameworks"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework"),
    # The burden page moved to the Washington pledge's framework page; the old address redirects there.
    path("burden-sharing/", views.burden_index, name="burden"),
    path("funds/", views.fund_index, name="funds"),
    path("funds/<str:code>/", views.fund_detail, name="fund"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/commitments/", views.commitment_save_view, name="commitment"),
    path("<int:pk>/link/", views.agreement_link_view, name="link"),
    path("<int:pk>/unlink/", views.agreement_unlink_view, name="unlink"),
]
