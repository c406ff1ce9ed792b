"""Add the workshops of a backup file to a team: ``manage.py import_backup backup.json --team other-team``.
All or nothing: a file that is not a valid backup is refused with the reason, and nothing is saved."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.tooling.backup import BackupError, import_backup
from workshops.models import Team


class Command(BaseCommand):
    help = "Import a backup (JSON, made by export_backup or the team page) into a team, as new workshops."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file to read")
        parser.add_argument("--team", metavar="SLUG", required=True, help="the team to add the workshops to")

    def handle(self, *args, path, team, **options):
        target = Team.objects.filter(slug=team).first()
        if target is None:
            raise CommandError(f"There is no team with the address {team!r}.")
        try:
            text = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror or error}.") from None
        try:
            result = import_backup(text, team=target)
        except BackupError as error:
            raise CommandError(f"Nothing imported. {error}") from None
        for workshop in result.workshops:
            self.stdout.write(f"Workshop “{workshop.title}” imported as id {workshop.pk} "
                              f"(join code {workshop.join_code}).")
        for note in result.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(self.style.SUCCESS(
            f"Imported {len(result.workshops)} workshop(s) and {result.personas} persona(s) into “{target.name}”."))
