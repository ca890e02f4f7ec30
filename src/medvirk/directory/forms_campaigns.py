"""Forms for confirmation campaigns: starting one, and the public correction form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medvirk.directory.domain.campaigns import CORRECTABLE_FIELDS, validate_no_markup
from medvirk.directory.forms import BaseContactFormSet, ContactForm, https_urls, region_choices
from medvirk.directory.models import Contact, Organisation, Region
from medvirk.directory.validators import normalise_orgnr


class CampaignStartForm(forms.Form):
    name = forms.CharField(label=_("Navn på kampanjen"), max_length=200)
    region = forms.ChoiceField(
        label=_("Område"),
        required=False,
        help_text=_(
            "La stå tomt for å sende til alle organisasjoner. Et fylke tar med kommunene i fylket."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices()
        self.fields["name"].initial = _("Årlig bekreftelse %(year)s") % {
            "year": timezone.localdate().year
        }

    def clean_region(self) -> Region | None:
        value = self.cleaned_data.get("region")
        if not value:
            return None
        region = Region.objects.filter(pk=value).first()
        if region is None:
            raise forms.ValidationError(_("Velg et område fra listen."))
        return region


class CorrectionForm(forms.ModelForm):
    """What a contact person may correct through the campaign link."""

    class Meta:
        model = Organisation
        formfield_callback = https_urls
        fields = list(CORRECTABLE_FIELDS)
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "regions": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].help_text = _(
            "Hold nede Ctrl (Cmd på Mac) for å velge flere. Velg fylket for hele fylket."
        )
        self.fields["org_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "url"})
        for name in ("name", "description"):
            self.fields[name].validators.append(validate_no_markup)

    def clean_org_number(self) -> str:
        return normalise_orgnr(self.cleaned_data.get("org_number") or "")

    def domain_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CORRECTABLE_FIELDS}


class CorrectionContactForm(ContactForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "role"):
            self.fields[name].validators.append(validate_no_markup)


CorrectionContactFormSet = forms.inlineformset_factory(
    Organisation,
    Contact,
    form=CorrectionContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
