from django.urls import path

from nsatu.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.document_index, name="documents"),
    path("upload/", views.document_upload, name="upload"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("claims/", views.claim_index, name="queue"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/confirm/", views.claim_confirm_view, name="claim_confirm"),
    path("claims/<int:pk>/merge/", views.claim_merge_view, name="claim_merge"),
    path("claims/<int:pk>/reject/", views.claim_reject_view, name="claim_reject"),
]
