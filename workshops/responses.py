"""How a write answers. A page drives its writes with htmx and swaps the answer in place; the same forms also work
without JavaScript, posting the whole page. ``fragment_or_redirect`` is the one place that tells the two apart:
htmx gets the fragment that shows the result, a plain post gets what happened as a message and a redirect back
(post/redirect/get, so reloading the page does not send the write again)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from .room_views import render_room, room_page_context


def room_url(workshop, anchor=""):
    """The room page of ``workshop``, scrolled to ``#anchor`` when one is given."""
    return reverse("workshops:room", args=[workshop.pk]) + (f"#{anchor}" if anchor else "")


def fragment_or_redirect(request, fragment, url, message=None, *, level=messages.SUCCESS):
    """For htmx, ``fragment()``: a callable, so the fragment is built only when it is sent. Otherwise ``message``
    (when there is one) as a message of ``level`` on the next page, and a redirect to ``url``."""
    if request.htmx:
        return fragment()
    if message:
        messages.add_message(request, level, message)
    return redirect(url)


def form_in_place(request, room, form, *, template, context, step, anchor="", status=200):
    """A step's form (fresh, or with its errors) where the person is. For htmx the form alone, always 200: htmx
    swaps only 2xx answers, and the errors show in the form. Without htmx the room page with the form in it
    (``status``: 400 for errors) — or, when the room has moved on to another step meanwhile and that page cannot
    show this form, the first error as a message and a redirect to the room at ``anchor``."""
    if request.htmx:
        return render(request, template, context)
    if room.workshop.step != step:
        first = next((error for errors in form.errors.values() for error in errors), None)
        if first:
            messages.error(request, first)
        return redirect(room_url(room.workshop, anchor))
    return render_room(request, room, {**room_page_context(request, room), **context}, status=status)
