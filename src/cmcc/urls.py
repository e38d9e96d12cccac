from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("cmcc.accounts.urls")),
    path("partners/", include("cmcc.partners.urls")),
    path("coordination/", include("cmcc.coordination.urls")),
    path("logistics/", include("cmcc.logistics.urls")),
    path("movements/", include("cmcc.movements.urls")),
    path("compliance/", include("cmcc.compliance.urls")),
    path("", include("cmcc.core.urls")),
]
