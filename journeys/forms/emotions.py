"""Forms of the emotions step: a participant's score for one touchpoint, and a rose / bud / thorn note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshops.limits import REMARK_MAX

from ..models import SCORE_MAX, SCORE_MIN, NoteKind
from ..services.emotions import NOTE_MISSING, ChoiceOrder

CHOICE_SEQ_MAX = 2**31 - 1  # the column's range (a page counts its choices from 1)
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
    # Filled in by static/js/klantreis.js: which page sent this score, and its choice number there
    # (services.emotions.ChoiceOrder). Both or neither; without them (no script) the score is simply saved.
    page_id = forms.RegexField(regex=r"^[0-9a-f]{16,32}$", required=False, max_length=32)
    seq = forms.IntegerField(required=False, min_value=1, max_value=CHOICE_SEQ_MAX)

    def clean(self):
        data = super().clean()
        # Nobody types these: a malformed pair is one message for the person (reload), not two field errors.
        malformed = [self.errors.pop(name) for name in ("page_id", "seq") if name in self.errors]
        if malformed or bool(data.get("page_id")) != (data.get("seq") is not None):
            raise forms.ValidationError(_("This page sent the score in a way it cannot be saved: reload the page "
                                          "and score again."), code="order")
        return data

    @property
    def order(self):
        """The score's ChoiceOrder, or None when the page sent none."""
        if self.cleaned_data.get("seq") is None:
            return None
        return ChoiceOrder(page=self.cleaned_data["page_id"], number=self.cleaned_data["seq"])


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
            "required": NOTE_MISSING,
            "max_length": _("Keep the note to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
