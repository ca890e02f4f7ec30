from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.template.defaultfilters import stringformat
from django.templatetags.static import static
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext_lazy

from medvirk.common.richtext import clean_rich_text

# --- Spam trap -------------------------------------------------------------------------
#
# Public forms carry one field a person leaves empty; a view that finds it filled answers
# as on success and stores nothing (the case-proposal and accessibility-feedback forms).

HONEYPOT = "website"


def honeypot_field() -> forms.CharField:
    """The trap field, named :data:`HONEYPOT` on the form."""
    return forms.CharField(
        label=gettext_lazy("La dette feltet stå tomt. Det er en felle for automatisk spam."),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def caught_in_honeypot(data: Any) -> bool:
    """Whether submitted ``data`` filled the trap."""
    return bool(str(data.get(HONEYPOT, "")).strip())


# --- Rich text (issue 14) ------------------------------------------------------------------
#
# A long text people format (an arena's mandate, an agenda item's description, the minutes'
# texts, an advice) is a RichTextField: a plain <textarea> that static/medvirk/richtext.js
# turns into the editor (Squire, with our own toolbar) when JavaScript runs. Either way the
# server gets plain text or HTML and keeps it as clean HTML (medvirk.common.richtext).

RICH_TEXT_HELP = gettext_lazy(
    "Bruk verktøylinjen til overskrifter, lister, lenker og fet eller kursiv skrift. "
    "Uten JavaScript kan du skrive vanlig tekst med en tom linje mellom avsnittene."
)


class RichTextarea(forms.Textarea):
    """The textarea with the editor's toolbar in an inert <template> after it (its labels
    translated here); richtext.js loads the editor from the address in data-richtext."""

    template_name = "forms/widgets/richtext.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": 8, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-richtext"] = static("vendor/squire/squire.js")
        return context


class RichTextField(forms.CharField):
    """A rich text: cleaned to safe HTML (plain text becomes paragraphs) before validation."""

    widget = RichTextarea

    def __init__(self, **kwargs: Any) -> None:
        given = kwargs.get("help_text")
        kwargs["help_text"] = (
            format_lazy("{} {}", given, RICH_TEXT_HELP) if given else RICH_TEXT_HELP
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return clean_rich_text(super().to_python(value))


class FormRenderer(TemplatesSetting):
    """Renders every form with Designsystemet markup (templates/forms/). Plain ``<input>``
    widgets are written in Python (:func:`input_html`), as their template would write them."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in INPUT_TEMPLATES and self._plain_inputs:
            return input_html(context["widget"])
        if template_name in ERROR_LIST_TEMPLATES and not context["errors"] and self._djangos_lists:
            return ""  # what Django's error list writes when there is no error
        if template_name == LABEL_TEMPLATE and self._djangos_label:
            return label_html(context)
        if template_name == SELECT_TEMPLATE and self._djangos_select:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)  # type: ignore[no-any-return]

    @cached_property
    def _plain_inputs(self) -> bool:
        return (
            all(_source(self, name) == INCLUDES_INPUT for name in INPUT_TEMPLATES)
            and _source(self, INPUT_TEMPLATE) == INPUT_SOURCE
        )

    @cached_property
    def _djangos_lists(self) -> bool:
        return all(_is_djangos(self, name) for name in ERROR_LIST_TEMPLATES)

    @cached_property
    def _djangos_label(self) -> bool:
        return _is_djangos(self, LABEL_TEMPLATE) and _is_djangos(self, "django/forms/attrs.html")

    @cached_property
    def _djangos_select(self) -> bool:
        return all(
            _is_djangos(self, name)
            for name in (SELECT_TEMPLATE, OPTION_TEMPLATE, "django/forms/widgets/attrs.html")
        )


# --- Inputs written in Python (issue 13) -----------------------------------------------------
#
# Every <input> widget renders two templates (Django's text/number/hidden/... template, which
# only includes our templates/django/forms/widgets/input.html): about 0.1 ms each, and the
# admin's change lists with editable columns and its forms render dozens. input_html writes
# the same markup; FormRenderer uses it only while the templates are exactly these (checked
# once per process), so a template changed later is rendered as written.

INPUT_TEMPLATE = "django/forms/widgets/input.html"
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}'
INPUT_SOURCE = (
    "{# Django's input, except that a \"type\" given in attrs replaces the widget's instead"
    " of adding a second, ignored type attribute. #}"
    '<input type="{% firstof widget.attrs.type widget.type %}" name="{{ widget.name }}"'
    "{% if widget.value != None %} value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% for name, value in widget.attrs.items %}{% if value is not False and name != "type" %}'
    " {{ name }}{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}"
    "{% endif %}{% endfor %}>"
)


# Every field prints its error list, mostly empty: Django's list templates (two, one
# including the other) write nothing then.
ERROR_LIST_TEMPLATES = frozenset(
    {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}
)
DJANGOS_FORM_TEMPLATES = Path(forms.__file__).parent / "templates"


def _is_djangos(renderer: TemplatesSetting, name: str) -> bool:
    """Whether ``name`` is Django's own template (no app or project overrides it)."""
    try:
        template = renderer.get_template(name)
    except Exception:  # missing or broken: render the normal way
        return False
    origin = getattr(getattr(template, "template", None), "origin", None)
    return bool(origin and Path(str(origin.name)) == DJANGOS_FORM_TEMPLATES / name)


def _source(renderer: TemplatesSetting, name: str) -> str | None:
    try:
        template = renderer.get_template(name)
    except Exception:  # missing or broken: render the normal way
        return None
    source = getattr(getattr(template, "template", None), "source", None)
    return source.strip() if isinstance(source, str) else None


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` in an autoescaped template."""
    text: str = stringformat(value, "s")
    # The filter keeps a safe value safe, so the template does not escape it.
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs_html(attrs: dict[str, Any] | None, *, skip: str = "") -> str:
    """Django's attrs.html (forms/ and forms/widgets/): `` name="value"`` each, True as a
    bare name, False left out."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False or name == skip:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _shown(value: Any) -> str:
    """``{{ value }}`` in an autoescaped template (render_value_in_context)."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


LABEL_TEMPLATE = "django/forms/label.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def label_html(context: dict[str, Any]) -> str:
    """Django's forms/label.html."""
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs_html(context['attrs'])}>{label}</{tag}>"


def select_html(widget: dict[str, Any]) -> str | None:
    """Django's widgets/select.html with its options (select_option.html); None when an
    option has a template of its own."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs_html(option['attrs'])}>{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_html(widget: dict[str, Any]) -> str:
    """templates/django/forms/widgets/input.html, for the ``widget`` of a widget's context."""
    attrs = widget["attrs"]
    kind = attrs.get("type") or widget["type"]
    parts = [f'<input type="{_shown(kind) if kind else ""}" name="{_shown(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{_formatted(widget["value"])}"')
    parts.append(_attrs_html(attrs, skip="type"))
    parts.append(">")
    return "".join(parts)


# --- Long menus (issue 13) -----------------------------------------------------------------
#
# Django renders a template for every <option> and checkbox: 3,000 organisations cost
# hundreds of milliseconds a request. A Menu holds the choices with their values and labels
# escaped once (it is what a selector caches under a namespace of the cache registry); the
# widgets below write it with plain string joins and mark the chosen values. The field keeps
# validating against a queryset (use_menu's ``allowed``), so a value outside the menu is a
# form error, never a 500.

Choice = tuple[Any, Any]


@dataclass(frozen=True)
class Menu:
    """Choices, escaped once: ``groups`` is ``((group label or "", ((value, label), ...)), ...)``."""

    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    @classmethod
    def of(cls, choices: Iterable[Choice]) -> Menu:
        """From Django-style choices: ``(value, label)`` or ``(group, [(value, label), ...])``."""
        groups: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        loose: list[tuple[str, str]] = []
        for value, label in choices:
            if isinstance(label, list | tuple):
                if loose:
                    groups.append(("", tuple(loose)))
                    loose = []
                groups.append((_escaped(value), tuple(_pair(v, sub) for v, sub in label)))
            else:
                loose.append(_pair(value, label))
        if loose:
            groups.append(("", tuple(loose)))
        return cls(groups=tuple(groups))

    def values(self) -> frozenset[str]:
        """Every value (escaped as listed), for validating a field against the menu."""
        return frozenset(v for _group, items in self.groups for v, _label in items)

    def __len__(self) -> int:
        return sum(len(items) for _group, items in self.groups)

    # A menu lives in the cache (a selector's namespace) and is read back on every request
    # that shows it: pickled as its tuples, 3,000 organisations took ~7 ms to load. It is
    # stored as strings instead (one per group, split again when read: under a millisecond)
    # with its options already joined.

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if any(
            _SEP_ITEM in text or _SEP_PAIR in text
            for _group, items in self.groups
            for pair in items
            for text in pair
        ):  # a name holding a separator (never seen): the plain tuples
            return (Menu, (self.groups,))
        packed = tuple(
            (group, _SEP_ITEM.join(f"{v}{_SEP_PAIR}{label}" for v, label in items))
            for group, items in self.groups
        )
        return (_unpack_menu, (packed, self.options_html))

    @cached_property
    def options_html(self) -> str:
        """Every ``<option>`` (in its ``<optgroup>``), none chosen, joined once per Menu
        object: several selects of one page sharing a menu (the rows of a formset) copy it
        and mark their choice instead of joining thousands of options each."""
        parts: list[str] = []
        for group, items in self.groups:
            if group:
                parts.append(f'<optgroup label="{group}">')
            parts.extend(f'<option value="{v}">{label}</option>' for v, label in items)
            if group:
                parts.append("</optgroup>")
        return "".join(parts)


# Separators that escaped values and labels cannot hold (control characters).
_SEP_ITEM, _SEP_PAIR = "\x1e", "\x1f"


def _unpack_menu(packed: tuple[tuple[str, str], ...], options_html: str) -> Menu:
    groups = tuple(
        (
            group,
            tuple(
                tuple(item.split(_SEP_PAIR, 1))  # type: ignore[misc]
                for item in (joined.split(_SEP_ITEM) if joined else ())
            ),
        )
        for group, joined in packed
    )
    menu = Menu(groups=groups)  # type: ignore[arg-type]
    menu.__dict__["options_html"] = options_html
    return menu


def _escaped(value: Any) -> str:
    return str(conditional_escape(str(value)))


def _pair(value: Any, label: Any) -> tuple[str, str]:
    return _escaped(value), _escaped(label)


def _chosen(widget: forms.Widget, value: Any) -> set[str]:
    return {_escaped(v) for v in widget.format_value(value) if v not in ("", None)}  # type: ignore[union-attr]


class MenuSelect(forms.Select):
    """A ``<select>`` written from a :class:`Menu` in one join (``menu``, ``empty_label``;
    ``exclude``: values left out, e.g. an organisation as its own parent)."""

    menu: Menu = Menu(groups=())
    empty_label: str | None = None
    exclude: frozenset[str] = frozenset()

    def use_required_attribute(self, initial: Any) -> bool:
        # Django asks its choices whether the first is empty; a menu has its empty_label.
        return forms.Widget.use_required_attribute(self, initial) and (
            self.allow_multiple_selected or self.empty_label is not None
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = _chosen(self, value)
        parts: list[str] = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        if self.empty_label is not None and not self.allow_multiple_selected:
            parts.append(format_html('<option value="">{}</option>', self.empty_label))
        # The menu's options joined once (Menu.options_html); the excluded ones cut out and
        # the chosen ones marked by string search, not by writing 3,000 options again.
        options = self.menu.options_html
        for v in self.exclude:
            start = options.find(f'<option value="{v}">')
            if start >= 0:
                stop = options.index("</option>", start) + len("</option>")
                options = options[:start] + options[stop:]
        for v in chosen:
            plain = f'<option value="{v}">'
            options = options.replace(plain, f'<option value="{v}" selected>', 1)
        parts.append(options)
        parts.append("</select>")
        # Every value and label was escaped when the Menu was built.
        return mark_safe("".join(parts))  # noqa: S308


class MenuSelectMultiple(MenuSelect):
    allow_multiple_selected = True

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class MenuCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written from a :class:`Menu` in one join, in the markup of
    ``templates/django/forms/widgets/multiple_input.html`` and ``input_option.html``."""

    menu: Menu = Menu(groups=())
    exclude: frozenset[str] = frozenset()

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = _chosen(self, value)
        built = self.build_attrs(self.attrs, attrs)
        base = str(built.get("id") or "")
        # What Django puts on every box besides its id (aria-describedby for a help text).
        shared = flatatt({k: v for k, v in built.items() if k not in ("id", "class")})
        field = _escaped(name)
        prefix = _escaped(base) + "_" if base else ""  # escaped once; the index is a number
        parts = ['<div class="mv-choice-list">']
        index = 0
        for group, items in self.menu.groups:
            if group:
                parts.append(f'<p class="mv-choice-group">{group}</p>')
            for v, label in items:
                if v in self.exclude:
                    continue
                box = f"{prefix}{index}" if prefix else ""
                index += 1
                parts.append(
                    '<div class="mv-checkbox"><input class="ds-input" type="checkbox"'
                    f' name="{field}" value="{v}"'
                    + (f' id="{box}"' if box else "")
                    + (" checked" if v in chosen else "")
                    + shared
                    + '><label class="ds-label" data-weight="regular"'
                    + (f' for="{box}"' if box else "")
                    + f">{label}</label></div>"
                )
        parts.append("</div>")
        # Every value and label was escaped when the Menu was built; ids are escaped here.
        return mark_safe("".join(parts))  # noqa: S308


def use_menu(
    field: forms.Field,
    menu: Menu,
    *,
    allowed: QuerySet[Any] | None = None,
    exclude: Iterable[Any] = (),
) -> None:
    """Render ``field`` from ``menu`` (a select, a multiple select or checkboxes, after the
    field's own widget) and, for a model choice field, accept only ``allowed`` (a queryset
    holding exactly the menu's rows: one query by primary key when the form is validated)."""
    old = field.widget
    widget: forms.Widget
    if isinstance(old, forms.CheckboxSelectMultiple):
        widget = MenuCheckboxes(attrs=old.attrs)
    elif isinstance(old, forms.SelectMultiple):
        widget = MenuSelectMultiple(attrs=old.attrs)
    else:
        widget = MenuSelect(attrs=old.attrs)
        widget.empty_label = getattr(field, "empty_label", None)
    widget.is_required = old.is_required
    widget.menu = menu  # type: ignore[attr-defined]
    widget.exclude = frozenset(_escaped(v) for v in exclude)  # type: ignore[attr-defined]
    if allowed is not None:
        field.queryset = allowed  # type: ignore[attr-defined]
    field.widget = widget


def use_cached_choices(
    field: forms.ModelChoiceField, menu: Menu | Sequence[tuple[int, str]]
) -> None:
    """Show ``field``'s menu from a cached :class:`Menu` (or list of ``(pk, label)``)
    instead of a query, and accept only those: a submitted value is still looked up (one
    query by primary key, among the listed ones), so one not in the menu is a form error,
    not a 500. Written in one join, not a template per option (hundreds of owners or
    regions); the field's ``choices`` are read from the menu only when asked for."""
    if not isinstance(menu, Menu):
        menu = Menu.of(menu)
    model = field.queryset.model  # type: ignore[union-attr]
    allowed = model._default_manager.filter(pk__in=[int(v) for v in menu.values()])
    use_menu(field, menu, allowed=allowed)
    listed = menu
    # As listed, for reading (lazy: a callable is not walked until then).
    field.choices = lambda: [  # type: ignore[assignment]
        ("", field.empty_label or ""),
        *((int(v), html.unescape(label)) for _group, items in listed.groups for v, label in items),
    ]
