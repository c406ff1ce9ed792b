"""The one way an improvement's status changes: checked, recorded in its history, under a row lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workshops.limits import COMMENT_MAX

from ..models import Improvement, Status, StatusChange
from ..tasks import improvement_saved


@transaction.atomic
def change_status(*, improvement, status, actor=None, comment="", review=None):
    """Move ``improvement`` to ``status`` and keep the step in its history (with the optional ``comment``,
    who changed it, ``actor``, and the ``review`` it happened in). Returns the StatusChange, or None when nothing
    changed and there is no comment.

    A planned improvement may still lack an owner or a deadline for a while (the room decides "we do this"
    first, then who and when); forms outside the workshop ask for both, and a workshop cannot be closed
    while a planned one lacks either (``Improvement.missing_for_plan``)."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("Keep the comment to %(max)d characters.") % {"max": COMMENT_MAX}})
    locked = Improvement.objects.select_for_update().get(pk=improvement.pk)
    if locked.status == status and not comment:
        return None
    change = StatusChange.objects.create(improvement=locked, old_status=locked.status, new_status=status,
                                         comment=comment, changed_by=actor.user if actor else None,
                                         review=review)
    Improvement.objects.filter(pk=locked.pk).update(status=status, updated_at=change.changed_at)
    locked.status = improvement.status = status
    improvement_saved(locked)  # a deadline reminder due today goes out after the commit, not tomorrow
    return change
