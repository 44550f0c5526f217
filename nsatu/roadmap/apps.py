from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "nsatu.roadmap"
    label = "roadmap"
