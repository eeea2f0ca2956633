from django.urls import path

from kasudesk.cases import (
    views_case,
    views_customers,
    views_evidence,
    views_lists,
    views_report,
)

app_name = "cases"

urlpatterns = [
    path("", views_lists.case_list, name="list"),
    path("export.csv", views_lists.case_export, name="export"),
    path("report/", views_report.report, name="report"),
    path("report/customers/", views_report.customer_pick, name="customer_pick"),
    path("<int:case_id>/", views_case.detail, name="detail"),
    path("<int:case_id>/submitted/", views_report.submitted, name="submitted"),
    path("<int:case_id>/status/", views_case.set_status, name="status"),
    path("<int:case_id>/assign/", views_case.assign, name="assign"),
    path("<int:case_id>/notes/", views_case.note, name="note"),
    path("<int:case_id>/statements/", views_case.statement, name="statement"),
    path("<int:case_id>/decide/", views_case.decide, name="decide"),
    path("<int:case_id>/reassess/", views_case.reassess, name="reassess"),
    path("<int:case_id>/facts/", views_case.facts, name="facts"),
    path("<int:case_id>/time/", views_case.time_entry, name="time"),
    path("<int:case_id>/money/", views_case.money_entry, name="money"),
    path("<int:case_id>/letter/", views_case.letter, name="letter"),
    path("<int:case_id>/evidence/", views_evidence.upload, name="evidence_upload"),
    path("evidence/<int:evidence_id>/", views_evidence.download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", views_evidence.delete, name="evidence_delete"),
    path("checklist/<int:action_id>/", views_case.checklist_item, name="checklist_item"),
    path("customers/", views_customers.customer_list, name="customers"),
    path("customers/new/", views_customers.customer_new, name="customer_new"),
    path("customers/<int:customer_id>/", views_customers.customer_detail, name="customer"),
    path("customers/<int:customer_id>/contacts/", views_customers.contact, name="contact"),
    path("customers/<int:customer_id>/warnings/", views_customers.warning, name="warning"),
    path("customers/<int:customer_id>/alert/", views_customers.alert, name="alert"),
    path("customers/<int:customer_id>/ban/", views_customers.ban, name="ban"),
    path(
        "customers/<int:customer_id>/bans/<int:ban_id>/lift/",
        views_customers.ban_lift,
        name="ban_lift",
    ),
    path("lookup/", views_customers.lookup, name="lookup"),
    path("costs/", views_lists.site_costs, name="site_costs"),
    path("notifications/", views_lists.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/",
        views_lists.notification_open,
        name="notification_open",
    ),
]
