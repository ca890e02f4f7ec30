"""A field shown from a cached list of choices (``use_cached_choices``, issue 13): written
as a menu in one join, the chosen value marked, a value outside the list refused."""

from __future__ import annotations

import pytest
from django import forms

from medvirk.common.forms import Menu, MenuSelect, use_cached_choices
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
    excluding = MenuSelect()
    excluding.menu = menu
    excluding.empty_label = "Ingen"
    excluding.exclude = frozenset({"does-not-exist"})
    for value in (None, 2, 3):
        assert widget.render("org", value) == excluding.render("org", value)
    # An excluded value (an organisation as its own parent) is left out, the rest kept.
    excluding.exclude = frozenset({"2"})
    html = excluding.render("org", 3)
    assert 'value="2"' not in html and "To &amp; tre" not in html
    assert '<option value="1">En</option>' in html
    assert '<option value="3" selected>Tre</option>' in html
    assert '<option value="2" selected>To &amp; tre</option>' in widget.render("org", 2)
    assert 'label="Gruppe &lt;1&gt;"' in widget.render("org", None)


def test_a_menu_read_back_from_the_cache_is_the_same_menu() -> None:
    """Menus are cached packed as strings with their options joined (quick to load):
    reading one back gives equal groups, values and HTML, escaping kept."""
    import pickle

    menu = Menu.of(
        [
            ("", "Velg"),
            (1, "Foreningen <for> «alle» & co"),
            ("Paraply", [(2, "Paraplyen"), (3, "Andre \x1e")]),
            (4, "Siste"),
        ]
    )
    loaded = pickle.loads(pickle.dumps(menu))  # noqa: S301 - our own bytes
    assert loaded == menu
    assert loaded.values() == menu.values()
    assert loaded.options_html == menu.options_html
    assert "&lt;for&gt;" in loaded.options_html
    empty = pickle.loads(pickle.dumps(Menu.of([])))  # noqa: S301
    assert empty == Menu.of([]) and empty.options_html == ""
    plain = Menu.of([(1, "Uten skilletegn"), (2, "Med")])
    assert pickle.loads(pickle.dumps(plain)) == plain  # noqa: S301 - the packed form
