from django import forms
from django.utils.translation import gettext_lazy

from medvirk.common.forms import honeypot_field


class AccessibilityFeedbackForm(forms.Form):
    """ "Meld fra om et problem" on the accessibility statement; no account needed."""

    page = forms.CharField(
        label=gettext_lazy("Hvilken side gjelder det?"),
        help_text=gettext_lazy("Lim inn adressen eller skriv navnet på siden."),
        max_length=500,
    )
    description = forms.CharField(
        label=gettext_lazy("Hva skjedde?"),
        help_text=gettext_lazy("Skriv hva du prøvde å gjøre, og hva som ikke virket."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-postadressen din (valgfritt)"),
        help_text=gettext_lazy("Fyll ut hvis du vil ha svar."),
        required=False,
    )
    website = honeypot_field()  # HONEYPOT
