from django.urls import path

from . import views

app_name = "logistics"

urlpatterns = [
    path("", views.consignments, name="consignments"),
    path("consignments/new/", views.consignment_new, name="consignment-new"),
    path("consignments/<uuid:consignment_id>/", views.consignment, name="consignment"),
    path("consignments/<uuid:consignment_id>/events/", views.consignment_event, name="consignment-event"),
    path("consignments/<uuid:consignment_id>/clearance/", views.clearance_request_new, name="request-new"),
    path("clearance/", views.requests, name="requests"),
    path("clearance/<uuid:request_id>/", views.clearance_request, name="request"),
    path("crossings/", views.crossings, name="crossings"),
    path("crossings/<slug:slug>/statuses/", views.crossing_status_new, name="crossing-status-new"),
    path("figures/", views.figures, name="figures"),
    path("figures/new/", views.figure_new, name="figure-new"),
    path("picture/", views.picture, name="picture"),
    path("import/", views.import_file, name="import"),
]
