"""A backup document into a team, as new objects: checked as it is read, all or nothing (one transaction); the
first problem raises BackupError naming the place."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from actions.models import Improvement, Review, ReviewCycle, StatusChange
from journeys.models import (
    EmotionRating,
    Evidence,
    Gap,
    GapVote,
    Journey,
    Measurement,
    Note,
    Persona,
    Stage,
    Touchpoint,
)
from workshops import bounded_json
from workshops.models import Membership, Participant, Workshop

from .document import FIELDS, FORMAT, OWNER_ROLES, SCOPES, VERSION, BackupError


@dataclass
class ImportResult:
    workshops: list = field(default_factory=list)
    personas: int = 0
    notes: list = field(default_factory=list)  # people who could not be linked, one sentence each


def import_backup(document, *, team):
    """Add the workshops (and personas) of a backup ``document`` (a dict, or JSON text/bytes) to ``team``.

    Returns an ImportResult; raises BackupError, with nothing saved, when the document is not a valid backup.
    """
    if isinstance(document, bytes | str):
        try:
            if isinstance(document, bytes):  # in the encoding json.loads would find (UTF-8, -16 or -32)
                document = document.decode(json.detect_encoding(document), "surrogatepass")
            document = bounded_json.loads(document)
        except bounded_json.TooDeep as error:
            raise BackupError(_("This file is not a Klantreis backup: %(reason)s") % {"reason": error}) from None
        except ValueError:  # UnicodeDecodeError too
            raise BackupError(_("This file is not JSON.")) from None
    try:
        with transaction.atomic():
            return _Importer(team).run(document)
    except (IntegrityError, DataError) as error:
        raise BackupError(_("The backup contradicts itself: %(error)s Nothing was imported.") % {
            "error": str(error).splitlines()[0]}) from error


def _problem(where, message):
    return BackupError(_("%(where)s: %(problem)s") % {"where": where, "problem": message})


TYPE_NAMES = {
    "CharField": (str, "text"), "TextField": (str, "text"), "EmailField": (str, "text"),
    "BooleanField": (bool, "true or false"),
    "IntegerField": (int, "a whole number"), "SmallIntegerField": (int, "a whole number"),
    "PositiveIntegerField": (int, "a whole number"), "PositiveSmallIntegerField": (int, "a whole number"),
    "DateField": (str, "a date (YYYY-MM-DD)"), "DateTimeField": (str, "a date and time with its time zone"),
    "DecimalField": (str, "a number written as text"),
}


def _type_name(kind):
    return {
        "text": _("text"), "true or false": _("true or false"), "a whole number": _("a whole number"),
        "a date (YYYY-MM-DD)": _("a date (YYYY-MM-DD)"),
        "a date and time with its time zone": _("a date and time with its time zone"),
        "a number written as text": _("a number written as text"),
    }[kind]


def _field_value(model_field, raw, where):
    """The Python value of ``raw`` for ``model_field``: JSON type checked strictly, then the field's own rules
    (length, choices, ranges, required)."""
    if raw is None:
        if model_field.null:
            return None
        raise _problem(where, _("a value is required."))
    expected, name = TYPE_NAMES[model_field.get_internal_type()]
    if not isinstance(raw, expected) or (expected is int and isinstance(raw, bool)):
        raise _problem(where, _("expected %(type)s.") % {"type": _type_name(name)})
    value = raw
    if name == "a date (YYYY-MM-DD)":
        try:
            value = parse_date(raw)
        except ValueError:
            value = None
    elif name == "a date and time with its time zone":
        try:
            value = parse_datetime(raw)
        except ValueError:
            value = None
        if value is not None and timezone.is_naive(value):
            value = None
    elif name == "a number written as text":
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is not None and not value.is_finite():
            value = None
    if value is None:
        raise _problem(where, _("expected %(type)s.") % {"type": _type_name(name)})
    try:
        return model_field.clean(value, None)
    except ValidationError as error:
        raise _problem(where, " ".join(error.messages)) from None


def _object(raw, where):
    if not isinstance(raw, dict):
        raise _problem(where, _("expected an object."))
    return raw


def _key(data, key, where):
    if key not in data:
        raise _problem(f"{where}.{key}", _("missing."))
    return data[key]


def _list(data, key, where):
    items = _key(data, key, where)
    if not isinstance(items, list):
        raise _problem(f"{where}.{key}", _("expected a list."))
    return [(_object(item, f"{where}.{key}[{index}]"), f"{where}.{key}[{index}]") for index, item in enumerate(items)]


def _values(model, data, where):
    return {name: _field_value(model._meta.get_field(name), _key(data, name, where), f"{where}.{name}")
            for name in FIELDS[model]}


def _check_position(position, where, taken, rule):
    """Positions order a journey's stages and a stage's touchpoints, so each is unique among them (``taken``:
    position → where it was seen)."""
    first = taken.setdefault(position, where)
    if first != where:
        raise _problem(f"{where}.position", _("%(first)s has position %(position)s too; %(rule)s")
                       % {"first": first, "position": position, "rule": rule})


def _stamp_fields(model):
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)]


def _bulk(model, objects):
    """bulk_create ``objects``, then put back the timestamps ``auto_now(_add)`` overwrote (bulk_update does not
    touch them)."""
    if not objects:
        return objects
    stamps = _stamp_fields(model)
    kept = [[getattr(obj, name) for name in stamps] for obj in objects]
    model.objects.bulk_create(objects)
    if stamps:
        for obj, values in zip(objects, kept, strict=True):
            for name, value in zip(stamps, values, strict=True):
                setattr(obj, name, value)
        model.objects.bulk_update(objects, stamps)
    return objects


class _Importer:
    def __init__(self, team):
        self.team = team
        self.result = ImportResult()
        self.roles = {m.user.email.lower(): (m.user, m.role)
                      for m in Membership.objects.filter(team=team).select_related("user")}
        self.defined = defaultdict(dict)  # kind -> ref -> new object
        self.sources = []  # (touchpoint, source ref, where): resolved once every touchpoint exists

    # People ------------------------------------------------------------------------------------

    def _email(self, data, key, where):
        email = _key(data, key, where)
        if email is not None and not isinstance(email, str):
            raise _problem(f"{where}.{key}", _("expected an email address or null."))
        return email or None

    def _person(self, email, *, owner=False):
        found = self.roles.get(email.lower()) if email else None
        if found is None or (owner and found[1] not in OWNER_ROLES):
            return None
        return found[0]

    def _note(self, message):
        if message not in self.result.notes:
            self.result.notes.append(message)

    def _linked(self, data, key, where, what, *, owner=False):
        email = self._email(data, key, where)
        user = self._person(email, owner=owner)
        if email and user is None:
            if owner:
                self._note(_("“%(what)s”: %(email)s cannot own improvements in this team; it has no owner now.")
                           % {"what": what, "email": email})
            else:
                self._note(_("“%(what)s”: %(email)s is not a member of this team; left empty.")
                           % {"what": what, "email": email})
        return user

    # Refs --------------------------------------------------------------------------------------

    def _define(self, kind, data, where, obj):
        ref = _key(data, "ref", where)
        if not isinstance(ref, int) or isinstance(ref, bool):
            raise _problem(f"{where}.ref", _("expected %(type)s.") % {"type": _type_name("a whole number")})
        if ref in self.defined[kind]:
            raise _problem(f"{where}.ref", _("this ref is used twice."))
        self.defined[kind][ref] = obj
        return obj

    def _ref(self, kind, data, key, where, *, within=None, required=False):
        """The object ``data[key]`` refers to, from ``within`` (a dict ref → object) or the whole document."""
        ref = _key(data, key, where)
        if ref is None and not required:
            return None
        pool = self.defined[kind] if within is None else within
        if isinstance(ref, bool) or not isinstance(ref, int) or ref not in pool:
            raise _problem(f"{where}.{key}", _("no %(kind)s with ref %(ref)s here.") % {"kind": kind, "ref": ref})
        return pool[ref]

    def _refs(self, kind, data, key, where, within):
        refs = _key(data, key, where)
        if not isinstance(refs, list):
            raise _problem(f"{where}.{key}", _("expected a list."))
        return [self._ref(kind, {key: ref}, key, where, within=within, required=True) for ref in refs]

    # The document -------------------------------------------------------------------------------

    def run(self, document):
        where = "backup"
        document = _object(document, where)
        if document.get("format") != FORMAT:
            raise BackupError(_("This is not a Klantreis backup."))
        version = _key(document, "version", where)
        if version != VERSION or isinstance(version, bool):
            raise BackupError(_("This backup has version %(version)s; this Klantreis reads version %(ours)s.")
                              % {"version": version, "ours": VERSION})
        scope = _key(document, "scope", where)
        if scope not in SCOPES:
            raise _problem(f"{where}.scope", _("expected “workshop” or “team”."))
        _object(_key(document, "team", where), f"{where}.team")
        workshops = _list(document, "workshops", where)
        if scope == "workshop" and len(workshops) != 1:
            raise _problem(f"{where}.workshops", _("a workshop backup holds exactly one workshop."))
        personas = [self._define("persona", data, here, Persona(team=self.team, **_values(Persona, data, here)))
                    for data, here in _list(document, "personas", where)]
        _bulk(Persona, personas)
        self.result.personas = len(personas)
        for data, here in workshops:
            self.result.workshops.append(self._workshop(data, here))
        for touchpoint, data, here in self.sources:
            touchpoint.source = self._ref("touchpoint", data, "source", here)
        Touchpoint.objects.bulk_update([touchpoint for touchpoint, _data, _here in self.sources], ["source"])
        return self.result

    def _workshop(self, data, where):
        values = _values(Workshop, data, where)
        journey = self._journey(_object(_key(data, "journey", where), f"{where}.journey"), f"{where}.journey")
        ideal_data = _key(data, "ideal", where)
        workshop = Workshop(team=self.team, journey=journey, **values,
                            facilitator=self._linked(data, "facilitator", where, values["title"]))
        _bulk(Workshop, [workshop])
        participants = {}
        for item, here in _list(data, "participants", where):
            values = _values(Participant, item, here)
            email = self._email(item, "user", here)
            user = self._person(email)
            if email and user is None:
                self._note(_("“%(what)s”: %(email)s is not a member of this team; kept as a guest.")
                           % {"what": values["display_name"], "email": email})
            participant = self._define("participant", item, here, Participant(workshop=workshop, user=user, **values))
            participants[item["ref"]] = participant
        _bulk(Participant, list(participants.values()))
        journeys = [(journey, data["journey"], f"{where}.journey")]
        if ideal_data is not None:
            here = f"{where}.ideal"
            ideal = self._journey(_object(ideal_data, here), here, ideal_of=journey)
            journeys.append((ideal, ideal_data, here))
        for each, each_data, here in journeys:
            self._journey_content(each, each_data, here, participants)
        return workshop

    def _journey(self, data, where, *, ideal_of=None):
        journey = Journey(team=self.team, ideal_of=ideal_of, persona=self._ref("persona", data, "persona", where),
                          **_values(Journey, data, where))
        return _bulk(Journey, [journey])[0]

    def _journey_content(self, journey, data, where, participants):
        stages, touchpoints, notes = {}, {}, []
        stage_items = _list(data, "stages", where)
        stage_positions = {}
        for item, here in stage_items:
            stage = Stage(journey=journey, **_values(Stage, item, here))
            _check_position(stage.position, here, stage_positions,
                            _("no two stages of a journey share a position."))
            stages[_key(item, "ref", here)] = self._define("stage", item, here, stage)
        _bulk(Stage, list(stages.values()))
        for (stage_data, stage_where), stage in zip(stage_items, stages.values(), strict=True):
            touchpoint_positions = {}
            for item, here in _list(stage_data, "touchpoints", stage_where):
                touchpoint = self._define("touchpoint", item, here,
                                          Touchpoint(stage=stage, **_values(Touchpoint, item, here)))
                _check_position(touchpoint.position, here, touchpoint_positions,
                                _("no two touchpoints of a stage share a position."))
                touchpoints[item["ref"]] = touchpoint
                _key(item, "source", here)
                self.sources.append((touchpoint, item, here))
                for note, note_where in _list(item, "notes", here):
                    author = (self._linked(note, "author", note_where, str(note.get("text", ""))[:60])
                              if "author" in note else None)
                    notes.append(Note(touchpoint=touchpoint, **_values(Note, note, note_where), author=author,
                                      participant=self._ref("participant", note, "participant", note_where,
                                                            within=participants)))
        _bulk(Touchpoint, list(touchpoints.values()))
        _bulk(Note, notes)

        _bulk(Evidence, [
            Evidence(journey=journey, **_values(Evidence, item, here),
                     stage=self._ref("stage", item, "stage", here, within=stages),
                     touchpoint=self._ref("touchpoint", item, "touchpoint", here, within=touchpoints))
            for item, here in _list(data, "evidence", where)
        ])

        measurements, ratings = {}, []
        measurement_items = _list(data, "measurements", where)
        for item, here in measurement_items:
            measurement = self._define("measurement", item, here,
                                       Measurement(journey=journey, **_values(Measurement, item, here)))
            measurements[item["ref"]] = measurement
        _bulk(Measurement, list(measurements.values()))
        for (item, here), measurement in zip(measurement_items, measurements.values(), strict=True):
            for rating, rating_where in _list(item, "ratings", here):
                ratings.append(EmotionRating(
                    measurement=measurement, **_values(EmotionRating, rating, rating_where),
                    touchpoint=self._ref("touchpoint", rating, "touchpoint", rating_where, within=touchpoints,
                                         required=True),
                    participant=self._ref("participant", rating, "participant", rating_where, within=participants,
                                          required=True)))
        _bulk(EmotionRating, ratings)

        gaps, votes = {}, []
        gap_links = []
        for item, here in _list(data, "gaps", where):
            gap = self._define("gap", item, here, Gap(journey=journey, **_values(Gap, item, here)))
            gaps[item["ref"]] = gap
            gap_links.append((gap, self._refs("touchpoint", item, "touchpoints", here, touchpoints)))
            for vote, vote_where in _list(item, "votes", here):
                votes.append(GapVote(gap=gap, **_values(GapVote, vote, vote_where),
                                     participant=self._ref("participant", vote, "participant", vote_where,
                                                           within=participants, required=True)))
        _bulk(Gap, list(gaps.values()))
        Gap.touchpoints.through.objects.bulk_create([
            Gap.touchpoints.through(gap=gap, touchpoint=touchpoint)
            for gap, linked in gap_links for touchpoint in linked
        ])
        _bulk(GapVote, votes)

        improvements, improvement_links, changes = {}, [], []
        for item, here in _list(data, "improvements", where):
            values = _values(Improvement, item, here)
            improvement = self._define("improvement", item, here, Improvement(
                journey=journey, **values, gap=self._ref("gap", item, "gap", here, within=gaps),
                owner=self._linked(item, "owner", here, values["title"], owner=True),
                created_by=self._ref("participant", item, "created_by", here, within=participants)))
            improvements[item["ref"]] = improvement
            improvement_links.append((improvement, self._refs("touchpoint", item, "touchpoints", here, touchpoints)))
            for change, change_where in _list(item, "status_changes", here):
                changes.append((improvement, change, change_where))
        _bulk(Improvement, list(improvements.values()))
        Improvement.touchpoints.through.objects.bulk_create([
            Improvement.touchpoints.through(improvement=improvement, touchpoint=touchpoint)
            for improvement, linked in improvement_links for touchpoint in linked
        ])

        reviews, walked = {}, []
        for item, here in _list(data, "reviews", where):
            review = self._define("review", item, here, Review(
                journey=journey, **_values(Review, item, here),
                measurement=self._ref("measurement", item, "measurement", here, within=measurements, required=True),
                started_by=self._linked(item, "started_by", here, journey.title)))
            reviews[item["ref"]] = review
            walked.append((review, self._refs("improvement", item, "walked", here, improvements)))
        _bulk(Review, list(reviews.values()))
        Review.walked.through.objects.bulk_create([
            Review.walked.through(review=review, improvement=improvement)
            for review, linked in walked for improvement in linked
        ])
        _bulk(StatusChange, [
            StatusChange(improvement=improvement, **_values(StatusChange, change, here),
                         changed_by=self._linked(change, "changed_by", here, improvement.title),
                         review=self._ref("review", change, "review", here, within=reviews))
            for improvement, change, here in changes
        ])

        cycle = _key(data, "review_cycle", where)
        if cycle is not None:
            here = f"{where}.review_cycle"
            ReviewCycle.objects.create(journey=journey, **_values(ReviewCycle, _object(cycle, here), here))
