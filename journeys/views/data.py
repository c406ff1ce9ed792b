"""Views of the data step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for.

Adding and deleting evidence answers htmx with the re-rendered form and the evidence list (swapped out
of band); see ``views.scope.respond`` for plain POSTs.

A CSV import is two POSTs. The upload answers with a preview; when every row is fine, the rows as
read are kept in the session (keyed by workshop, with a token the confirm button carries) and
"Import N rows" saves exactly those. The browser never holds the rows it asks us to save.
"""

import csv
import io
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import access
from workshops.forms import form_saved
from workshops.live import number_param
from workshops.models import Step
from workshops.responses import fragment_or_redirect, room_url

from ..forms.data import CsvUploadForm, FigureForm, QuoteForm
from ..models import EvidenceKind, EvidenceSource
from ..selectors import evidence_in, evidence_totals, journey_stages
from ..services import data as services
from ..steps import data as step
from .scope import respond

SWAP_PARTIAL = "journeys/partials/data_swap.html"
LIST_PARTIAL = "journeys/partials/data_evidence.html"
IMPORT_SESSION_KEY = "klantreis_evidence_import"


def _add(request, workshop_id, *, kind, form_class, prefix, form_key, form_partial, anchor, saved):
    room = access.room_for(request, workshop_id, access.EDIT)
    stages = journey_stages(room.workshop.journey)
    form = form_class(request.POST, stages=stages, prefix=prefix)
    ok = form_saved(form, lambda: services.evidence_create(journey=room.workshop.journey, kind=kind, actor=room.actor,
                                                           **form.evidence_fields()))
    context = step.room_context(room, stages=stages, saved=saved if ok else "", **({} if ok else {form_key: form}))
    context.update(form_partial=form_partial, list_changed=ok)
    return respond(request, room, step_value=Step.DATA, partial=SWAP_PARTIAL, context=context, ok=ok,
                   anchor=anchor, success=saved)


@require_POST
def evidence_figure_create(request, workshop_id):
    return _add(request, workshop_id, kind=EvidenceKind.QUANTITATIVE, form_class=FigureForm,
                prefix=step.FIGURE_PREFIX, form_key="figure_form", form_partial="journeys/partials/data_figure.html",
                anchor="#data-figure", saved=_("Figure added."))


@require_POST
def evidence_quote_create(request, workshop_id):
    return _add(request, workshop_id, kind=EvidenceKind.QUALITATIVE, form_class=QuoteForm,
                prefix=step.QUOTE_PREFIX, form_key="quote_form", form_partial="journeys/partials/data_quote.html",
                anchor="#data-quote", saved=_("Quote added."))


@require_POST
def evidence_delete(request, workshop_id, evidence_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    evidence = get_object_or_404(evidence_in(room.workshop.journey), pk=evidence_id)
    services.evidence_delete(evidence=evidence, actor=room.actor)

    def evidence_list():
        stages = journey_stages(room.workshop.journey)
        context = {"room": room, "workshop": room.workshop, **step.evidence_list_context(room, stages)}
        return render(request, LIST_PARTIAL, context)

    return fragment_or_redirect(request, evidence_list, room_url(room.workshop, "data-evidence"), _("Deleted."))


@require_GET
def evidence_list(request, workshop_id):
    """The evidence list, polled by every screen in the room: 204 (nothing to swap) while nothing changed."""
    room = access.room_for(request, workshop_id)
    journey = room.workshop.journey
    now = evidence_totals(journey)
    if request.GET.get("v") == step.evidence_version(now["count"], now["last"]):
        return HttpResponse(status=204)
    context = {"room": room, "workshop": room.workshop,
               **step.evidence_list_context(room, journey_stages(journey))}
    context["live_news"] = step.evidence_news(  # read out by the room's live region
        (number_param(request.GET.get("figures")), number_param(request.GET.get("quotes"))),
        (context["figure_count"], context["quote_count"]))
    return render(request, LIST_PARTIAL, context)


# --- CSV import ----------------------------------------------------------------------------------------

def _pending_imports(request):
    return dict(request.session.get(IMPORT_SESSION_KEY, {}))


def _keep_preview(request, workshop_id, rows, filename):
    """Keep ``rows`` for the confirm request; returns the token the confirm button must carry."""
    token = secrets.token_urlsafe(16)
    pending = _pending_imports(request)
    pending[str(workshop_id)] = {"token": token, "filename": filename, "rows": rows}
    request.session[IMPORT_SESSION_KEY] = pending
    return token


def _drop_preview(request, workshop_id):
    pending = _pending_imports(request)
    entry = pending.pop(str(workshop_id), None)
    if entry is not None:
        request.session[IMPORT_SESSION_KEY] = pending
    return entry


def _import_response(request, room, *, ok=False, status=400, success="", list_changed=False, **extra):
    context = step.room_context(room, **{key: extra.pop(key) for key in ("upload_form", "preview") if key in extra})
    context.update(form_partial="journeys/partials/data_import.html", list_changed=list_changed,
                   import_success=success, **extra)
    return respond(request, room, step_value=Step.DATA, partial=SWAP_PARTIAL, context=context, ok=ok,
                   anchor="#data-import", success=success, status=status)


@require_POST
def evidence_import_upload(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    _drop_preview(request, workshop_id)  # a new upload replaces whatever was waiting
    form = CsvUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_response(request, room, upload_form=form)
    stages = journey_stages(room.workshop.journey)
    preview = services.evidence_csv_parse(content=form.content(), stages=stages)
    filename = form.cleaned_data["file"].name
    token = _keep_preview(request, workshop_id, preview.cleaned_rows, filename) if preview.is_importable else ""
    return _import_response(request, room, preview=preview, import_token=token, import_filename=filename,
                            status=200 if preview.is_importable else 400)


@require_POST
def evidence_import_confirm(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    entry = _drop_preview(request, workshop_id)
    if entry is None or not secrets.compare_digest(entry["token"], request.POST.get("token", "")):
        error = _("There is nothing to import any more: upload the file again.")
    else:
        try:
            figures = services.evidence_import(journey=room.workshop.journey, rows=entry["rows"],
                                               actor=room.actor)
        except ValidationError as validation_error:
            error = validation_error.messages[0]
        else:
            success = ngettext("%(count)d figure imported.", "%(count)d figures imported.",
                               len(figures)) % {"count": len(figures)}
            return _import_response(request, room, ok=True, success=success, list_changed=True)
    return fragment_or_redirect(request, lambda: _import_response(request, room, import_error=error),
                                room_url(room.workshop, "data-import"), error, level=messages.ERROR)


@require_POST
def evidence_import_cancel(request, workshop_id):
    room = access.room_for(request, workshop_id, access.EDIT)
    _drop_preview(request, workshop_id)
    return _import_response(request, room, ok=True)


@require_GET
def evidence_import_example(request, workshop_id):
    """A small CSV in the expected format, in the reader's language (the import reads Dutch and English column
    and source names alike), with this journey's own stage and touchpoint names."""
    room = access.room_for(request, workshop_id)
    stages = journey_stages(room.workshop.journey)
    first = stages[0].name if stages else ""
    with_touchpoint = next((stage for stage in stages if stage.touchpoints.all()), None)
    dutch = get_language() == "nl"
    columns = [services.DUTCH_COLUMNS[column] for column in services.COLUMNS] if dutch else services.COLUMNS

    def source(value):
        return str(EvidenceSource(value).label).lower()

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([
        columns,
        [_("Conversion rate"), "12.5", "%", source("web_analytics"), first, "", _("Google Analytics, Q3")],
        [_("Visitors per month"), "1240", _("visitors"), source("web_analytics"), "", "", ""],
        [_("Complaints about delivery"), "37", _("complaints"), source("customer_service"),
         with_touchpoint.name if with_touchpoint else "",
         with_touchpoint.touchpoints.all()[0].name if with_touchpoint else "", _("Zendesk, last quarter")],
        ["Net Promoter Score", "-12", "", source("survey"), "", "", _("NPS survey, n=412")],
    ])
    # With a byte order mark, Excel opens UTF-8 correctly (and the import reads it with or without).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    # Translators: part of a downloaded file's name, lower case with hyphens, no spaces.
    name = slugify(_("figures-example"))
    response["Content-Disposition"] = f'attachment; filename="klantreis-{name}.csv"'
    return response


urlpatterns = [
    path("w/<int:workshop_id>/data/evidence/", evidence_list, name="evidence_list"),
    path("w/<int:workshop_id>/data/figures/", evidence_figure_create, name="evidence_figure_create"),
    path("w/<int:workshop_id>/data/quotes/", evidence_quote_create, name="evidence_quote_create"),
    path("w/<int:workshop_id>/data/evidence/<int:evidence_id>/delete/", evidence_delete, name="evidence_delete"),
    path("w/<int:workshop_id>/data/import/", evidence_import_upload, name="evidence_import_upload"),
    path("w/<int:workshop_id>/data/import/confirm/", evidence_import_confirm, name="evidence_import_confirm"),
    path("w/<int:workshop_id>/data/import/cancel/", evidence_import_cancel, name="evidence_import_cancel"),
    path("w/<int:workshop_id>/data/import/example.csv", evidence_import_example, name="evidence_import_example"),
]
