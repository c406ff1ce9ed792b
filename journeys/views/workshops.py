"""A new workshop: the facilitator names it and chooses the journey it starts from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from workshops import access
from workshops.forms import apply_validation_error

from ..forms.workshops import WorkshopForm
from ..selectors import current_journeys
from ..services.workshops import workshop_create


@login_required
def workshop_new(request, slug):
    team = access.get_team(request.user, slug, needs=access.FACILITATE)
    journeys = current_journeys(team)
    form = WorkshopForm(request.POST or None, journeys=journeys)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_create(
                team=team, title=form.cleaned_data["title"], facilitator=request.user,
                template=form.cleaned_data["template"], copy_from=form.cleaned_data["copy_from"],
                scheduled_for=form.cleaned_data["scheduled_for"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Workshop created. Share the join code with the room."))
            return redirect("workshops:room", workshop_id=workshop.pk)
    return render(request, "workshops/workshop_new.html", {"team": team, "form": form},
                  status=400 if form.errors else 200)


urlpatterns = [
    path("t/<slug:slug>/workshops/new/", workshop_new, name="workshop_new"),
]
