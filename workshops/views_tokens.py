"""The personal API tokens page (/accounts/tokens/): my tokens, make one (its whole text shown once, on the page
the form answers with — never stored, never in a redirect), revoke one. Only the signed-in user's own tokens:
anyone else's id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors
from .api_auth import api_token_create, api_token_revoke
from .limits import DISPLAY_NAME_MAX


@never_cache
@login_required
def api_tokens(request):
    context = {"new_token": None, "name": "", "error": None, "name_max": DISPLAY_NAME_MAX}
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, text = api_token_create(user=request.user, name=name)
        except ValidationError as error:
            context.update(name=name, error=error.message_dict["name"][0])
        else:
            context.update(new_token=token, new_token_text=text)
    context["tokens"] = selectors.api_tokens_of(request.user)
    return render(request, "workshops/api_tokens.html", context, status=400 if context["error"] else 200)


@require_POST
@login_required
def api_token_revoke_view(request, token_id):
    token = selectors.api_tokens_of(request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    if api_token_revoke(user=request.user, token_id=token.pk):
        messages.success(request, _("“%(name)s” has been revoked: scripts using it are refused from now on.")
                         % {"name": token.name})
    return redirect("workshops:api_tokens")
