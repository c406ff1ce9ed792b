"""The team's backup on the team page (owners only): download every workshop as JSON, upload a backup
(of a workshop or a team) to add its workshops to this team. ``config.tooling.backup`` does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshops import access
from workshops.views import team_page

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
    """Adds the backup's workshops and goes back to the team page; a refused file is a 400 showing that page
    with the reason next to the upload field, nothing saved."""
    team = access.get_team(request.user, slug, needs=access.MANAGE)
    upload = request.FILES.get("file")
    if upload is None:
        return team_page(request, team, backup_error=_("Choose a backup file (.json) to import."), status=400)
    if upload.size > UPLOAD_MAX_BYTES:
        return team_page(request, team, backup_error=_("This file is too large for a backup."), status=400)
    try:
        result = import_backup(upload.read(), team=team)
    except BackupError as error:
        return team_page(request, team, status=400,
                         backup_error=_("Nothing was imported. %(reason)s") % {"reason": error})
    titles = ", ".join(f"“{workshop.title}”" for workshop in result.workshops)
    messages.success(request, _("Imported: %(titles)s.") % {"titles": titles or "—"})
    for note in result.notes:
        messages.warning(request, note)
    return redirect("workshops:team_detail", slug=team.slug)
