"""How the site's forms draw a field (settings.FORM_RENDERER): Django's own way, but for a tick
box, which comes before its words inside its label, so they read and tap as one."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "forms/field.html"
