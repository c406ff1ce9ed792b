"""The one way an improvement's status changes: checked, recorded in its history, under a row lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Improvement, Status, StatusChange


@transaction.atomic
def change_status(*, improvement, status, by=None, comment="", review=None):
    """Move ``improvement`` to ``status`` and keep the step in its history (with the optional ``comment``,
    the user ``by`` and the ``review`` it happened in). Planned and in-progress improvements need an owner
    and a deadline. Returns the StatusChange, or None when nothing changed and there is no comment."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    locked = Improvement.objects.select_for_update().get(pk=improvement.pk)
    if status in Status.committed_values():
        missing = []
        if not locked.owner_id:
            missing.append(_("an owner"))
        if not locked.deadline:
            missing.append(_("a deadline"))
        if missing:
            raise ValidationError({"status": _("Give it %(missing)s first.") % {"missing": _(" and ").join(missing)}})
    if locked.status == status and not comment:
        return None
    change = StatusChange.objects.create(improvement=locked, old_status=locked.status, new_status=status,
                                         comment=comment, changed_by=by, review=review)
    Improvement.objects.filter(pk=locked.pk).update(status=status, updated_at=change.changed_at)
    improvement.status = status
    return change
