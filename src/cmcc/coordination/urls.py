from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision-new"),
    path("decisions/<uuid:decision_id>/", views.decision, name="decision"),
    path("decisions/<uuid:decision_id>/edit/", views.decision_edit, name="decision-edit"),
    path("action-items/", views.action_items, name="action-items"),
    path("action-items/new/", views.action_item_new, name="action-item-new"),
    path("action-items/<uuid:item_id>/", views.action_item, name="action-item"),
    path("action-items/<uuid:item_id>/events/", views.action_item_event, name="action-item-event"),
    path(
        "action-items/<uuid:item_id>/follow-ups/", views.action_item_follow_up, name="action-item-follow-up"
    ),
]
