"""The stages each journey template starts from (translated into the creator's language)."""

from django.utils.translation import gettext_lazy as _

from .models import JourneyTemplate

STAGES = {
    JourneyTemplate.FIVE_PHASES: [_("Orientation"), _("Consideration"), _("Purchase"), _("Use"), _("Loyalty")],
    JourneyTemplate.SUBSCRIPTION: [
        _("Awareness"), _("Consideration"), _("Decision"), _("Onboarding"), _("Use"), _("Advocacy"),
    ],
    JourneyTemplate.CUSTOMER_CONTACT: [
        _("Orientation"), _("Getting in touch"), _("Solving the problem"), _("Aftercare"), _("Loyalty or exit"),
    ],
    # B2B: one sub-map per stakeholder — the stages repeat for the decision maker, the buyer and the user.
    JourneyTemplate.B2B: [
        _("Decision maker: recognising the need"), _("Decision maker: choosing a supplier"),
        _("Buyer: request and contract"), _("User: implementation"), _("User: daily use"),
        _("Decision maker: renewal"),
    ],
    JourneyTemplate.BLANK: [],
}
