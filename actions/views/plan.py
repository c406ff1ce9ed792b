"""Follow-up pages (issue 5): the improvement page is a stub until the follow-up work lands."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from workshops.access import get_for_user

from ..models import Improvement


@login_required
def improvement_detail(request, slug, improvement_id):
    improvement = get_for_user(Improvement.objects.all(), request.user, pk=improvement_id, journey__team__slug=slug)
    return HttpResponse(improvement.title)


urlpatterns = [
    path("t/<slug:slug>/improvements/<int:improvement_id>/", improvement_detail, name="improvement_detail"),
]
