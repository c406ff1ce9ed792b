"""Backup: a workshop, or every workshop of a team, as one JSON document — and back into any team.

The document (version 1)::

    {"format": "klantreis-backup", "version": 1, "exported_at": "…", "scope": "workshop" | "team",
     "team": {"name", "slug"},                    # where it came from; informative only
     "personas": [{"ref", "name", …}],            # team scope: all of the team's; else those the journeys use
     "workshops": [{"title", …, "facilitator": email, "participants": [{"ref", "display_name", "user": email}],
                    "journey": JOURNEY, "ideal": JOURNEY | null}]}
    JOURNEY = {"title", …, "persona": ref, "stages": [{…, "touchpoints": [{…, "source": ref,
                                                                               "notes": [{…, "author": email}]}]}],
               "evidence", "measurements" (+ "ratings"), "gaps" (+ "touchpoints", "votes"),
               "improvements" (+ "touchpoints", "owner": email, "status_changes"), "review_cycle", "reviews"}

Objects point at each other by ``ref`` numbers, unique per kind in the document, never by database ids; an
import makes new objects and maps the refs onto them. People are not data to move: memberships and
invitations are left out, and users appear only as email addresses. On import an address that belongs to a
member of the target team is linked to that member; otherwise a participant stays as a guest with the same
name, and a facilitator, improvement owner, note author, "changed by" or "started by" is left empty — the
result says so. (A note's "author" came later in version 1: a document without it imports with none.)

Kept as they were: every field of every object, timestamps too (``created_at``, ``joined_at``,
``changed_at``, ``updated_at``: history and the order of lists depend on them). Made new: ids, the join code
(a copy must not let the original's guests in; its generation starts at 1 again), and no countdown runs.
Left out: which room page sent a score, and its choice number there (they only order requests in flight).
A touchpoint's ``source`` is kept when it points inside the document, else left empty.

An import is one transaction: the document is checked as it is read (format, version, keys, types, lengths, ranges,
choices, refs, positions unique among a journey's stages and a stage's touchpoints) and the first problem raises
BackupError naming the place — nothing is saved then. A file nested deeper than ``limits.JSON_MAX_DEPTH`` is refused
before it is parsed.
Export reads a fixed number of queries, whatever the size of the team (one per kind of object).
"""

from .document import FIELDS, FORMAT, SCOPES, VERSION, BackupError
from .export import dumps, export_team, export_workshop
from .importer import ImportResult, import_backup

__all__ = ["FIELDS", "FORMAT", "SCOPES", "VERSION", "BackupError", "ImportResult", "dumps", "export_team",
           "export_workshop", "import_backup"]
