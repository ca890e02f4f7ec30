"""Django's admin app with Medvirk's site (common/admin_site.py) as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig


class MedvirkAdminConfig(AdminConfig):
    default_site = "medvirk.common.admin_site.MedvirkAdminSite"
