"""Reading a page's breadcrumbs (common/templatetags/breadcrumbs.py) back out of its HTML,
for the tests that hold every page below the top level to having them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# The top-level pages: the front page and the main menu's pages, which have no trail.
TOP_LEVEL_ROUTES = frozenset(
    {
        "home",
        "directory:list",
        "arenas:list",
        "meetings:upcoming",
        "open_data",
        "start:page",
        "people:mine",
        "account_login",
    }
)


@dataclass
class Crumb:
    href: str
    text: str
    current: bool


@dataclass
class Trail:
    label: str = ""
    back_link: Crumb | None = None
    crumbs: list[Crumb] = field(default_factory=list)
    navs: int = 0


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.trail = Trail()
        self._in_nav = self._in_ol = self._in_li = False
        self._link: Crumb | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and "ds-breadcrumbs" in (values.get("class") or "").split():
            self.trail.navs += 1
            self.trail.label = values.get("aria-label") or ""
            self._in_nav = True
        elif self._in_nav and tag == "ol":
            self._in_ol = True
        elif self._in_ol and tag == "li":
            self._in_li = True
        elif self._in_nav and tag == "a":
            current = values.get("aria-current") == "page"
            self._link = Crumb(values.get("href") or "", "", current)
            if not self._in_ol:
                self._link.text = values.get("aria-label") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self._link.text = self._link.text.strip()
            if self._in_li:
                self.trail.crumbs.append(self._link)
            elif not self._in_ol:
                self.trail.back_link = self._link
            self._link = None
        elif tag == "li":
            self._in_li = False
        elif tag == "ol":
            self._in_ol = False
        elif tag == "nav":
            self._in_nav = False

    def handle_data(self, data: str) -> None:
        if self._link is not None and self._in_li:
            self._link.text += data


def trail_of(html: str) -> Trail:
    parser = _Parser()
    parser.feed(html)
    return parser.trail


def trail_problems(html: str) -> list[str]:
    """What is wrong with the page's trail ([] when it is whole): one labelled nav, an
    ordered list from the front page to the current page, the current page last and only
    there, every crumb a named link, and the link to the parent for narrow screens."""
    trail = trail_of(html)
    if trail.navs != 1:
        return [f"{trail.navs} breadcrumb navs"]
    problems = []
    crumbs = trail.crumbs
    if not trail.label:
        problems.append("the nav has no aria-label")
    if len(crumbs) < 2:
        problems.append(f"{len(crumbs)} crumbs")
        return problems
    if crumbs[0].href != "/":
        problems.append("the first crumb is not the front page")
    if not crumbs[-1].current or any(c.current for c in crumbs[:-1]):
        problems.append("the current page is not the last crumb (aria-current)")
    problems += [
        f"a crumb without a name or address: {c}" for c in crumbs if not c.text or not c.href
    ]
    parent = crumbs[-2]
    if trail.back_link is None or trail.back_link.href != parent.href:
        problems.append("no link to the parent page before the list")
    return problems
