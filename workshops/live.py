"""What someone watching a live part of the room hears when it changed under them (the room's live region,
``#announcer``): a live part that was swapped because something changed says what, in a sentence."""


def count_news(before, after, *, added, removed, changed):
    """``added(n)`` or ``removed(n)`` (ngettext with ``%(count)d``) when the number of things went up or down by
    ``n``, else ``changed`` (the same number, something in them edited). ``before`` None: not known."""
    if before is None or before == after:
        return str(changed)
    if after > before:
        return added(after - before) % {"count": after - before}
    return removed(before - after) % {"count": before - after}


def number_param(value):
    """A count a poll sent back (``?n=12``), or None when it sent none or something else."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 7 else None
