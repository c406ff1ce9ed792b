"""Write a workshop's report as a PDF file, for scripts: ``manage.py export_report 12 report.pdf --language en``."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workshops.models import Workshop

from ...report import workshop_report_pdf


class Command(BaseCommand):
    help = "Write the PDF report of the workshop with the given id to a file."

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int, help="the workshop's id (the number in /w/<id>/)")
        parser.add_argument("path", help="the PDF file to write")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="nl",
                            help="the report's language (default: nl, Dutch)")

    def handle(self, *args, workshop_id, path, language, **options):
        try:
            pdf, report = workshop_report_pdf(workshop_id, language=language)
        except Workshop.DoesNotExist:
            raise CommandError(f"There is no workshop with id {workshop_id}.") from None
        target = Path(path)
        try:
            target.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {target}: {error.strerror or error}.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Wrote the report of “{report.workshop.title}” to {target} ({len(pdf) // 1024 + 1} kB)."))
