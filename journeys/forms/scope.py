"""Forms of the scope step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Journey, Persona
from ..services.scope import normalise_departments


class ScopeForm(forms.ModelForm):
    """The journey's title, the customer's goal, the end point, departments and notes."""

    class Meta:
        model = Journey
        fields = ["title", "customer_goal", "end_point", "departments", "scope_notes"]
        widgets = {
            "customer_goal": forms.TextInput(attrs={"placeholder": _("I request a quote")}),
            "departments": forms.TextInput(attrs={"placeholder": _("marketing, sales, service, IT")}),
            "scope_notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": _("Give the journey a title.")}}

    def clean_departments(self):
        return normalise_departments(self.cleaned_data["departments"])


class PersonaForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = ["name", "archetype", "description", "goals", "frustrations"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 2}),
            "frustrations": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"name": {"required": _("Give the persona a name, e.g. “Busy Bas”.")}}


class PersonaChoiceForm(forms.Form):
    """Pick one of the team's personas. The choices come from a list already loaded for the page,
    so rendering the select costs no query; an id outside that list is a form error."""

    persona = forms.TypedChoiceField(label=_("The team's personas"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, personas, **kwargs):
        super().__init__(*args, **kwargs)
        self.personas = {persona.pk: persona for persona in personas}
        self.fields["persona"].choices = [("", _("No persona yet"))] + [
            (persona.pk, f"{persona.name} · {persona.archetype}" if persona.archetype else persona.name)
            for persona in personas
        ]
        self.fields["persona"].error_messages["invalid_choice"] = _("Choose one of your team's personas.")

    def clean_persona(self):
        persona_id = self.cleaned_data["persona"]
        return None if persona_id is None else self.personas[persona_id]
