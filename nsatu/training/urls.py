from django.urls import path

from nsatu.training import views

app_name = "training"
urlpatterns = [
    path("", views.training_index, name="courses"),
    path("cohorts/", views.cohort_index, name="cohorts"),
    path("readiness/", views.readiness_index, name="readiness"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/graduate/", views.cohort_graduate_view, name="cohort_graduate"),
]
