"""JSON from outside — API bodies, backup files — with its nesting bounded before it is parsed.

Python's JSON parser descends one level of the stack per nested array or object: a body of 1,000 ``[`` raises
RecursionError, and anything that walks a deep value afterwards may too. So the text is measured first, by a scan
that uses no stack, and one nested deeper than ``limits.JSON_MAX_DEPTH`` is refused with a ValueError of its own.
"""

import json
import re

from django.utils.translation import gettext as _

from .limits import JSON_MAX_DEPTH

# A string with its escapes (an unterminated one runs to the end of the text). Possessive, so each character is read
# once whatever the text holds; brackets inside strings are not nesting.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.S)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")


class TooDeep(ValueError):
    def __init__(self, max_depth):
        super().__init__(_("The JSON is nested more than %(max)d levels deep.") % {"max": max_depth})


def check_depth(text, max_depth=JSON_MAX_DEPTH):
    """Raise TooDeep when the arrays and objects of the JSON ``text`` nest more than ``max_depth`` levels."""
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > max_depth:
                raise TooDeep(max_depth)
        else:
            depth -= 1


def loads(text, max_depth=JSON_MAX_DEPTH, **kwargs):
    """``json.loads`` of ``text`` (str), refused with TooDeep first when it nests more than ``max_depth`` levels.
    Invalid JSON raises json's ValueError, as ``json.loads`` does."""
    check_depth(text, max_depth)
    return json.loads(text, **kwargs)
