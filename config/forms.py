from django.forms.renderers import TemplatesSetting


class KlantreisFormRenderer(TemplatesSetting):
    """Every ``{{ form }}`` renders with our templates: label, field, help and its error beside it."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
