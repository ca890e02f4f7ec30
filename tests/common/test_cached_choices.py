"""A field shown from a cached list of choices (``use_cached_choices``, issue 13): written
as a menu in one join, the chosen value marked, a value outside the list refused."""

from __future__ import annotations

import pytest
from django import forms

from medvirk.common.forms import MenuSelect, use_cached_choices
from medvirk.directory.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="Alle eiere"
    )


def make_form(choices: list[tuple[int, str]], data: dict[str, str] | None = None) -> OwnerForm:
    form = OwnerForm(data)
    use_cached_choices(form.fields["owner"], choices)  # type: ignore[arg-type]
    return form


def test_cached_choices_render_as_a_menu_with_the_choice_marked() -> None:
    a = OrganisationFactory(name="A & co")
    b = OrganisationFactory(name="B")
    form = make_form([(a.pk, a.name), (b.pk, b.name)], {"owner": str(b.pk)})
    assert isinstance(form.fields["owner"].widget, MenuSelect)
    html = str(form["owner"])
    assert '<option value="">Alle eiere</option>' in html
    assert f'<option value="{a.pk}">A &amp; co</option>' in html
    assert f'<option value="{b.pk}" selected>B</option>' in html
    assert form.is_valid()
    assert form.cleaned_data["owner"] == b


def test_cached_choices_refuse_a_value_outside_the_list() -> None:
    a = OrganisationFactory(name="A")
    outside = OrganisationFactory(name="Utenfor")
    form = make_form([(a.pk, a.name)], {"owner": str(outside.pk)})
    assert not form.is_valid()
    assert "owner" in form.errors


def test_a_shared_menu_renders_as_the_option_by_option_join() -> None:
    from medvirk.common.forms import Menu

    menu = Menu.of([("Gruppe <1>", [(1, "En"), (2, "To & tre")]), (3, "Tre")])
    widget = MenuSelect()
    widget.menu = menu
    widget.empty_label = "Ingen"
    slow = MenuSelect()
    slow.menu = menu
    slow.empty_label = "Ingen"
    slow.exclude = frozenset({"does-not-exist"})  # takes the option-by-option path
    for value in (None, 2, 3):
        assert widget.render("org", value) == slow.render("org", value)
    assert '<option value="2" selected>To &amp; tre</option>' in widget.render("org", 2)
    assert 'label="Gruppe &lt;1&gt;"' in widget.render("org", None)
