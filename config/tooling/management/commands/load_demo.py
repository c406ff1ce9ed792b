"""Demo data so a new user sees a working team at once. Safe to run again: it updates, never duplicates."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.tooling.demo import load_demo_workshop
from workshops.models import Membership, Role, Team, User

DEMO_PASSWORD = "klantreis-demo"
DEMO_TEAM = {"name": "Sokkenclub", "slug": "sokkenclub-demo"}
# (email, name, role in the demo team, is staff)
DEMO_USERS = [
    ("eigenaar@demo.klantreis.nl", "Olga Eigenaar", Role.OWNER, False),
    ("facilitator@demo.klantreis.nl", "Fatima Facilitator", Role.FACILITATOR, False),
    ("lid@demo.klantreis.nl", "Lars Lid", Role.MEMBER, False),
    ("kijker@demo.klantreis.nl", "Kim Kijker", Role.VIEWER, False),
    ("admin@demo.klantreis.nl", "Ada Beheerder", None, True),
]


class Command(BaseCommand):
    help = "Load the demo team and logins (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="also load with DEBUG off (never in production)")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo logins have a published password: load_demo needs DEBUG=true or --force.")
        team, _ = Team.objects.update_or_create(slug=DEMO_TEAM["slug"], defaults={"name": DEMO_TEAM["name"]})
        users = {}
        for email, name, role, is_staff in DEMO_USERS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.name = name
            user.is_staff = user.is_superuser = is_staff
            user.set_password(DEMO_PASSWORD)
            if role is not None:
                user.current_team = team
            user.save()
            if role is not None:
                Membership.objects.update_or_create(team=team, user=user, defaults={"role": role})
                users[role] = user
        workshop, created = load_demo_workshop(
            team=team, facilitator=users[Role.FACILITATOR], members=[users[Role.OWNER], users[Role.MEMBER]]
        )
        if options["verbosity"] == 0:  # bin/run: it prints the logins itself, with the address, once all is up
            return
        self.stdout.write(f"Demo workshop “{workshop.title}” {'created' if created else 'already there'}.")
        self.stdout.write(self.style.SUCCESS(f"Demo team “{team.name}” ready. Logins (password {DEMO_PASSWORD}):"))
        for email, _name, role, is_staff in DEMO_USERS:
            label = "staff (admin)" if is_staff else Role(role).label
            self.stdout.write(f"  {email:32} {label}")
