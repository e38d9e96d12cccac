from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="list"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.applied, name="applied"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("<uuid:org_id>/", views.detail, name="detail"),
    path("<uuid:org_id>/edit/", views.edit, name="edit"),
    path("<uuid:org_id>/membership/", views.transition, name="transition"),
    path("<uuid:org_id>/contacts/new/", views.contact_new, name="contact-new"),
]
