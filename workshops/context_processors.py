from django.utils.functional import SimpleLazyObject

from . import access


def navigation(request):
    """The team switcher's list: one query, and only on pages that show the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_teams": SimpleLazyObject(lambda: list(access.teams_for(user).only("name", "slug")))}
