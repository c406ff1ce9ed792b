"""Quarterly reviews (issue 5): a stub until the review work lands."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from workshops.access import get_for_user
from workshops.models import Workshop


@login_required
def journey_reviews(request, workshop_id):
    workshop = get_for_user(Workshop.objects.all(), request.user, pk=workshop_id)
    return HttpResponse(workshop.title)


urlpatterns = [
    path("w/<int:workshop_id>/reviews/", journey_reviews, name="journey_reviews"),
]
