"""Forms of the ideal-journey step (editing stages and touchpoints reuses forms.touchpoints)."""

from django import forms

from .touchpoints import target_emotion_field


class TargetEmotionForm(forms.Form):
    target_emotion = target_emotion_field()
