from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.limits import TITLE_MAX

from ..models import JourneyTemplate


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX,
                            widget=forms.TextInput(attrs={"autofocus": True,
                                                          "placeholder": _("e.g. Journey of a new subscriber")}))
    scheduled_for = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    template = forms.ChoiceField(label=_("Start from"), choices=JourneyTemplate.choices,
                                 initial=JourneyTemplate.FIVE_PHASES, widget=forms.RadioSelect)
    copy_from = forms.ModelChoiceField(label=_("Or copy an earlier journey"), queryset=None, required=False,
                                       empty_label=_("— no, use the template —"))

    def __init__(self, *args, journeys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = journeys
