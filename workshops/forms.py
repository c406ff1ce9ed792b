from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .limits import DISPLAY_NAME_MAX, TEAM_NAME_MAX, TITLE_MAX
from .models import Role, User


class SignupForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("name", "email")
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists. Log in instead?"))
        return email


class InvitationSignupForm(auth_forms.SetPasswordMixin, forms.Form):
    """Sign up through an invitation: the address is the invited one, so only name and password."""

    name = forms.CharField(label=_("Your name"), max_length=TITLE_MAX,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        self.validate_passwords()
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        # Let the password validators compare the password with the name and address.
        self.validate_password_for_user(User(email=self.email, name=self.cleaned_data.get("name", "")))


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("name", "language")


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=TEAM_NAME_MAX,
                           widget=forms.TextInput(attrs={"autofocus": True}))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def apply_validation_error(form, error):
    """Put a service's ValidationError on the form, next to the field it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def form_saved(form, save):
    """Whether ``form`` is valid and ``save()`` (the service call that uses its cleaned data) went through; a
    service's ValidationError goes onto the form (``apply_validation_error``)."""
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    return True


def int_or_none(value):
    """The whole number a query parameter's text (or None) says, or None when it says none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CountdownForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=120, initial=10)


class GuestJoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "class": "code-input"}))
    display_name = forms.CharField(label=_("Your name"), max_length=DISPLAY_NAME_MAX,
                                   help_text=_("As the room knows you, e.g. “Sanne, customer service”."),
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
