from django.apps import AppConfig


class RegimensConfig(AppConfig):
    name = "regimens"
    verbose_name = "Regimen catalogue"
