"""How often people may try to join a workshop as a guest: counted in the shared cache, so every web worker
(and every host) keeps the same count.

- **Wrong codes** are what guessing looks like: at most ``WRONG_CODES_PER_MINUTE`` from one client address
  (``workshops.client_address``) in a minute; after that every join from that address — the right code too, or
  the answer would tell a guesser which code is right — waits for the next minute. People who type the right
  code cost nothing, so a whole room behind one office NAT (or one proxy) joins at once.
- **Joins with a right code**: at most ``GUEST_JOINS_PER_WORKSHOP_PER_MINUTE`` into one workshop in a minute —
  far more than a room, but a script that has the code cannot fill the workshop without end.

Both count in fixed minutes of the clock: a try does not move the end of the minute further out, so the
waiting time given is the true one (the seconds left in this minute; ``Retry-After`` says the same).
A guesser's bound is therefore 10 wrong codes a minute (plus those being checked at the very moment the tenth
counts), against 31⁸ ≈ 8.5·10¹¹ codes.
"""

import math
import time

from django.core.cache import cache

from .client_address import client_address

WRONG_CODES_PER_MINUTE = 10
GUEST_JOINS_PER_WORKSHOP_PER_MINUTE = 200
WINDOW_SECONDS = 60


def _window():
    """(this minute's number, whole seconds until it ends: 1…60)."""
    now = time.time()
    number = int(now // WINDOW_SECONDS)
    return number, max(1, math.ceil((number + 1) * WINDOW_SECONDS - now))


def _wrong_codes_key(request, number):
    return f"join-wrong-codes:{client_address(request)}:{number}"


def _count(key):
    """Add one to ``key`` and return the count (atomic with Redis). The key names its minute, so it only has to
    outlive it."""
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
        return 1


def wrong_codes_wait(request):
    """Seconds this client must wait before the next join, or None when it may try now."""
    number, left = _window()
    return left if (cache.get(_wrong_codes_key(request, number)) or 0) >= WRONG_CODES_PER_MINUTE else None


def count_wrong_code(request):
    number, _left = _window()
    _count(_wrong_codes_key(request, number))


def crowded_wait(workshop):
    """Count one join into ``workshop``; seconds to wait when this minute already had its share, else None."""
    number, left = _window()
    return left if _count(f"guest-joins:{workshop.pk}:{number}") > GUEST_JOINS_PER_WORKSHOP_PER_MINUTE else None
