"""Follow-up pages: My improvements (across all my teams), the team action plan with its CSV export, and the
improvement page (details, linked gap and touchpoints, history, status and edit forms).

Everything goes through workshops.access: viewers read the plan and the improvement page; members and up
change statuses and details; people outside the team get 404.
"""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import access
from workshops.forms import apply_validation_error, form_saved
from workshops.selectors import team_members

from .. import deadlines
from ..forms.plan import SORT_LABELS, ActionPlanFilterForm, ImprovementForm, StatusForm
from ..selectors import follow_up
from ..services import plan as services


@require_GET
@login_required
def my_improvements(request):
    context = {"groups": follow_up.my_improvements(request.user), "due_soon_days": deadlines.DUE_SOON_DAYS}
    return render(request, "actions/my_improvements.html", context)


# --- The team action plan ----------------------------------------------------------------------------

def _plan_form(request, team):
    members = team_members(team)
    return ActionPlanFilterForm(request.GET, members=members, journeys=follow_up.team_journeys(team))


def _query(params):
    return f"?{urlencode(params)}" if params else ""


def _sort_columns(team, form, filters):
    """Each sortable column's link: by it (in its usual direction), or the other way round when it is the
    current sort. The filters stay."""
    kept = {name: value for name, value in form.applied().items() if name not in ("sort", "order")}
    base = reverse("actions:action_plan", args=[team.slug])
    columns = {}
    for key, label in SORT_LABELS.items():
        active = key == filters["sort"]
        order = follow_up.DEFAULT_ORDER[key]
        if active:
            order = follow_up.DESC if filters["order"] == follow_up.ASC else follow_up.ASC
        columns[key] = {"label": label, "url": base + _query({**kept, "sort": key, "order": order}),
                        "active": active, "order": filters["order"] if active else ""}
    return columns


PLAN_PAGE_SIZE = 50  # rows per page: a team's plan grows every quarter; the page stays as fast (CSV has all)


def _pages(team, form, page):
    """Links to the previous and next page, with the filters and the sort kept."""
    base = reverse("actions:action_plan", args=[team.slug])
    kept = form.applied()
    return {
        "previous": base + _query({**kept, "page": page.previous_page_number()}) if page.has_previous() else "",
        "next": base + _query({**kept, "page": page.next_page_number()}) if page.has_next() else "",
    }


def _plan_page(request, team, form, *, status=200):
    filters = form.filters()
    # get_page: a page number that is not one (or past the end) shows the nearest page, never an error.
    page = Paginator(follow_up.action_plan(team, **filters), PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    improvements = deadlines.with_due(page.object_list)
    context = {
        "team": team,
        "form": form,
        "improvements": improvements,
        "page": page,
        "page_links": _pages(team, form, page),
        "columns": _sort_columns(team, form, filters),
        "csv_url": reverse("actions:action_plan_csv", args=[team.slug]) + _query(form.applied()),
        "reset_url": reverse("actions:action_plan", args=[team.slug]),
    }
    return render(request, "actions/action_plan.html", context, status=status)


@require_GET
@login_required
def action_plan(request, slug):
    team = access.get_team(request.user, slug)
    return _plan_page(request, team, _plan_form(request, team))


def _cell(value):
    """Text for a spreadsheet cell. A leading = + - @ would make Excel read a formula: it gets a quote first."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@login_required
def action_plan_csv(request, slug):
    """The action plan as CSV: the same rows, filters and order as the page.

    Semicolon-separated, UTF-8 with a byte-order mark: Dutch Excel (whose list separator is the semicolon,
    because the comma is the decimal sign) then opens it on a double-click with columns and accents intact;
    LibreOffice, Numbers and Google Sheets detect the semicolon themselves. Dates are ISO (2026-03-31),
    which every spreadsheet reads as a date.
    """
    team = access.get_team(request.user, slug)
    form = _plan_form(request, team)
    if form.errors:
        return _plan_page(request, team, form, status=400)
    improvements = follow_up.action_plan(team, **form.filters(), with_touchpoints=True)
    filename = f"{_('action-plan')}-{team.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Title"), _("Description"), _("Journey"), _("Gap"), _("Touchpoints"), _("Quadrant"),
                     _("Impact"), _("Effort"), _("Owner"), _("Deadline"), _("Status"), _("KPI"), _("Link")])
    for improvement in improvements:
        touchpoints = ", ".join(f"{touchpoint.stage.name}: {touchpoint.name}"
                                for touchpoint in improvement.touchpoints.all())
        link = settings.SITE_URL + reverse("actions:improvement_detail", args=[team.slug, improvement.pk])
        writer.writerow([
            _cell(improvement.title), _cell(improvement.description), _cell(improvement.journey.title),
            _cell(improvement.gap.problem if improvement.gap else ""), _cell(touchpoints),
            improvement.quadrant.label, improvement.impact, improvement.effort,
            _cell(improvement.owner.name if improvement.owner else ""),
            improvement.deadline.isoformat() if improvement.deadline else "",
            improvement.get_status_display(), _cell(improvement.kpi), link,
        ])
    return response


# --- The improvement page ----------------------------------------------------------------------------

def _improvement(request, slug, improvement_id, needs=access.READ):
    """The improvement at this team's address, with what the page shows of its journey, gap and owner."""
    improvement = access.get_for_user(
        follow_up.improvements_for_page(), request.user, needs=needs, pk=improvement_id, journey__team__slug=slug,
    )
    improvement.journey.team.my_role = improvement.my_role  # for the team pages' navigation and role checks
    return improvement


def _detail_page(request, improvement, *, status_form=None, edit_form=None, status=200):
    team = improvement.journey.team
    can_change = access.can(team, access.CONTRIBUTE)
    touchpoints = follow_up.improvement_touchpoints(improvement)
    history = follow_up.improvement_history(improvement)
    if can_change:
        status_form = status_form or StatusForm(improvement=improvement)
        edit_form = edit_form or ImprovementForm(improvement=improvement, owners=services.eligible_owners(team))
    context = {
        "team": team,
        "improvement": improvement,
        "workshop": getattr(improvement.journey, "workshop", None),
        "due": deadlines.due(improvement, on=deadlines.today()),
        "touchpoints": touchpoints,
        "history": history,
        "can_change": can_change,
        "status_form": status_form,
        "edit_form": edit_form,
        # Open the edit form when it has errors, or when a status was refused for a missing owner or deadline.
        "edit_open": can_change and (edit_form.is_bound or status_form.is_bound),
    }
    return render(request, "actions/improvement_detail.html", context, status=status)


def _detail_url(improvement, anchor=""):
    url = reverse("actions:improvement_detail", args=[improvement.journey.team.slug, improvement.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def improvement_detail(request, slug, improvement_id):
    return _detail_page(request, _improvement(request, slug, improvement_id))


@require_POST
@login_required
def improvement_status(request, slug, improvement_id):
    improvement = _improvement(request, slug, improvement_id, needs=access.CONTRIBUTE)
    form = StatusForm(request.POST, improvement=improvement)
    if form.is_valid():
        try:
            change = services.improvement_set_status(
                improvement=improvement, status=form.cleaned_data["status"], comment=form.cleaned_data["comment"],
                actor=access.Actor.on_page(request.user, improvement.my_role))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if change.old_status == change.new_status:
                messages.success(request, _("Your comment has been added to the history."))
            else:
                messages.success(request, _("Status changed to “%(status)s”.")
                                 % {"status": change.get_new_status_display()})
            return redirect(_detail_url(improvement, "history"))
    return _detail_page(request, improvement, status_form=form, status=400)


@require_POST
@login_required
def improvement_edit(request, slug, improvement_id):
    improvement = _improvement(request, slug, improvement_id, needs=access.CONTRIBUTE)
    form = ImprovementForm(request.POST, improvement=improvement,
                           owners=services.eligible_owners(improvement.journey.team))
    if form_saved(form, lambda: services.improvement_update(improvement=improvement, today=deadlines.today(),
                                                            **form.cleaned_data)):
        messages.success(request, _("The improvement has been saved."))
        return redirect(_detail_url(improvement))
    return _detail_page(request, improvement, edit_form=form, status=400)


urlpatterns = [
    path("improvements/", my_improvements, name="my_improvements"),
    path("t/<slug:slug>/actions/", action_plan, name="action_plan"),
    path("t/<slug:slug>/actions.csv", action_plan_csv, name="action_plan_csv"),
    path("t/<slug:slug>/improvements/<int:improvement_id>/", improvement_detail, name="improvement_detail"),
    path("t/<slug:slug>/improvements/<int:improvement_id>/status/", improvement_status, name="improvement_status"),
    path("t/<slug:slug>/improvements/<int:improvement_id>/edit/", improvement_edit, name="improvement_edit"),
]
