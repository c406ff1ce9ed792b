"""The team's backup on the team page (owners only): download every workshop as JSON, upload a backup
(of a workshop or a team) to add its workshops to this team. ``workshops.backup`` does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access
from .backup import BackupError, dumps, export_team, import_backup

UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # a large team's backup is a few MB; this keeps a stray file out of memory


@require_GET
@login_required
def team_backup(request, slug):
    team = access.get_team(request.user, slug, needs=access.MANAGE)
    response = HttpResponse(dumps(export_team(team)), content_type="application/json; charset=utf-8")
    filename = f"klantreis-{team.slug}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def team_backup_import(request, slug):
    team = access.get_team(request.user, slug, needs=access.MANAGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a backup file (.json) to import."))
    elif upload.size > UPLOAD_MAX_BYTES:
        messages.error(request, _("This file is too large for a backup."))
    else:
        try:
            result = import_backup(upload.read(), team=team)
        except BackupError as error:
            messages.error(request, _("Nothing was imported. %(reason)s") % {"reason": error})
        else:
            titles = ", ".join(f"“{workshop.title}”" for workshop in result.workshops)
            messages.success(request, _("Imported: %(titles)s.") % {"titles": titles or "—"})
            for note in result.notes:
                messages.warning(request, note)
    return redirect("team_detail", slug=team.slug)
