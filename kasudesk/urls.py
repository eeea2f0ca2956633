from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kasudesk.web.urls")),
    path("accounts/", include("kasudesk.accounts.urls")),
    path("cases/", include("kasudesk.cases.urls")),
    path("audit/", include("kasudesk.audit.urls")),
    path("admin/", admin.site.urls),
]
