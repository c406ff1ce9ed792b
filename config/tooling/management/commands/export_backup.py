"""Write a backup of a workshop or a whole team as JSON, for scripts:
``manage.py export_backup --team sokkenclub-demo backup.json`` or ``manage.py export_backup --workshop 12 -``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.tooling.backup import dumps, export_team, export_workshop
from workshops.models import Team, Workshop


class Command(BaseCommand):
    help = "Write the backup (JSON) of one workshop or of every workshop of a team to a file, or to stdout with -."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--team", metavar="SLUG", help="the team's address (the part after /t/)")
        which.add_argument("--workshop", metavar="ID", type=int, help="the workshop's id (the number in /w/<id>/)")
        parser.add_argument("path", help="the JSON file to write; - for stdout")

    def handle(self, *args, team, workshop, path, **options):
        if team is not None:
            found = Team.objects.filter(slug=team).first()
            if found is None:
                raise CommandError(f"There is no team with the address {team!r}.")
            document = export_team(found)
        else:
            found = Workshop.objects.select_related("team").filter(pk=workshop).first()
            if found is None:
                raise CommandError(f"There is no workshop with id {workshop}.")
            document = export_workshop(found)
        text = dumps(document)
        if path == "-":
            self.stdout.write(text)
            return
        target = Path(path)
        try:
            target.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Could not write {target}: {error.strerror or error}.") from None
        self.stderr.write(self.style.SUCCESS(
            f"Wrote {len(document['workshops'])} workshop(s) and {len(document['personas'])} persona(s) to {target}."))
