from django.contrib import admin

from nsatu.core.admin_base import SuperuserOnlyAdmin
from nsatu.training.models import Cohort, Course, ReportedTraining


@admin.register(Course)
class CourseAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "host", "skill", "item_type", "duration_weeks", "seats_per_cohort"]
    list_filter = ["skill"]


@admin.register(Cohort)
class CohortAdmin(SuperuserOnlyAdmin):
    list_display = ["course", "start", "end", "seats", "enrolled", "graduated"]


@admin.register(ReportedTraining)
class ReportedTrainingAdmin(SuperuserOnlyAdmin):
    list_display = ["programme", "reported_date", "measure", "personnel"]
