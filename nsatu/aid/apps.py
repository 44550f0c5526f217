from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "nsatu.aid"
    label = "aid"

    def ready(self) -> None:
        # A donor's kept aid lines are computed again after each write of its pledges (aid/tasks.py).
        from nsatu.aid.tasks import donor_lines_refresh_connect

        donor_lines_refresh_connect()
