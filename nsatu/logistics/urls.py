from django.urls import path

from nsatu.logistics import views

app_name = "logistics"
urlpatterns = [
    path("", views.shipment_board_view, name="board"),
    path("shipments/", views.shipment_index, name="list"),
    path("shipments/new/", views.shipment_new, name="create"),
    path("shipments/check-late/", views.shipments_check_late, name="check_late"),
    path("shipments/<int:pk>/", views.shipment_detail_view, name="detail"),
    path("shipments/<int:pk>/advance/", views.shipment_advance_view, name="advance"),
    path("shipments/<int:pk>/receipt/", views.shipment_receipt_view, name="receipt"),
    path("hubs/", views.hub_index, name="hubs"),
    path("repairs/", views.repair_index, name="repairs"),
    path("repairs/<int:pk>/status/", views.repair_status_view, name="repair_status"),
]
