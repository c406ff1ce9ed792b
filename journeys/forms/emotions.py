"""Forms of the emotions step: a participant's score for one touchpoint, and a rose / bud / thorn note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.limits import REMARK_MAX

from ..models import SCORE_MAX, SCORE_MIN, NoteKind

SCORE_CHOICES = [(value, f"{value:+d}" if value else "0") for value in range(SCORE_MIN, SCORE_MAX + 1)]


class EmotionRatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from −5 to +5."),
            "invalid_choice": _("Choose a score from −5 to +5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=REMARK_MAX,
        error_messages={"max_length": _("Keep the comment to %(limit_value)d characters (it has %(show_value)d).")},
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=NoteKind.choices, widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose rose, bud or thorn."),
            "invalid_choice": _("Choose rose, bud or thorn."),
        },
    )
    text = forms.CharField(
        label=_("Note"), max_length=REMARK_MAX,
        error_messages={
            "required": _("Write the note first."),
            "max_length": _("Keep the note to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
