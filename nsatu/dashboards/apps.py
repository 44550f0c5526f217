from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "nsatu.dashboards"
    label = "dashboards"
