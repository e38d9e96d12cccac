from django.urls import path

from . import views, views_layers

app_name = "movements"

urlpatterns = [
    path("", views.movement_list, name="list"),
    path("notify/", views.movement_new, name="notify"),
    path("<uuid:movement_id>/", views.movement_detail, name="detail"),
    path("<uuid:movement_id>/edit/", views.movement_edit, name="edit"),
    path("<uuid:movement_id>/submit/", views.movement_submit, name="submit"),
    path("<uuid:movement_id>/check/", views.movement_recheck, name="recheck"),
    path("<uuid:movement_id>/outcome/", views.movement_outcome, name="outcome"),
    path("<uuid:movement_id>/checkpoints/", views.checkpoint_add, name="checkpoint-add"),
    path("<uuid:movement_id>/people/new/", views.person_new, name="person-new"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:transmission_id>/", views.transmission, name="transmission"),
    path("inbox/<uuid:transmission_id>/receipt/", views.transmission_receive, name="receipt"),
    path("inbox/<uuid:transmission_id>/decision/", views.transmission_decide, name="decide"),
    path("sites/", views_layers.site_list, name="sites"),
    path("sites/new/", views_layers.site_new, name="site-new"),
    path("sites/<uuid:site_id>/", views_layers.site_detail, name="site"),
    path("sites/<uuid:site_id>/reconfirm/", views_layers.site_reconfirm, name="site-reconfirm"),
    path("sites/<uuid:site_id>/withdraw/", views_layers.site_withdraw, name="site-withdraw"),
    path("zones/", views_layers.zone_list, name="zones"),
    path("zones/new/", views_layers.zone_new, name="zone-new"),
    path("zones/<uuid:zone_id>/", views_layers.zone_detail, name="zone"),
    path("zones/<uuid:zone_id>/versions/new/", views_layers.zone_version_new, name="zone-version-new"),
    path("constraints/", views_layers.constraint_list, name="constraints"),
    path("constraints/new/", views_layers.constraint_new, name="constraint-new"),
    path("snapshot/", views_layers.snapshot, name="snapshot"),
    path("map/", views_layers.movement_map, name="map"),
]
