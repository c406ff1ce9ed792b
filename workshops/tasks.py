from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Invitation, User


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=settings.INVITATION_RETRY_BACKOFF,
             retry_backoff_max=600, max_retries=8)
def send_invitation(invitation_id):
    """Email the invitation link, in the invitee's language if they have an account, else the inviter's."""
    invitation = Invitation.objects.select_related("team", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        return  # revoked, accepted or expired since it was enqueued: nothing to send
    existing = User.objects.filter(email__iexact=invitation.email).only("language").first()
    language = existing.language if existing else invitation.language
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + reverse("workshops:invitation_accept", args=[invitation.token]),
    }
    with translation.override(language):
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation.pk, token=invitation.token).update(sent_at=timezone.now())
