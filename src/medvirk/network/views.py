"""The network's pages: my spaces, a space's threads, starting a thread, a thread with
its replies, reporting a post, moderating a post, the moderators' queue.

Every page needs a login; a space that is not the user's answers 403, a thread or post
in it 404. Posting passes a personal-data check first (:func:`_pii_check`): text that
looks like personal data comes back marked, with the form still filled, to be edited or
posted anyway.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.network import selectors
from medvirk.network.domain import moderation, posts
from medvirk.network.enums import SPACE_KINDS
from medvirk.network.forms import RemoveForm, ReplyForm, ReportForm, ThreadForm
from medvirk.network.models import Post, Report, Thread
from medvirk.network.personal_data import findings, marked
from medvirk.network.text import as_html


def _space(request: AuthedRequest, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk, kind__in=SPACE_KINDS)
    if not rules.has_perm("network.view_space", request.user, organisation):
        raise PermissionDenied
    return organisation


def _thread(request: AuthedRequest, pk: int) -> Thread:
    thread = selectors.thread_detail(pk)
    if thread is None or not rules.has_perm("network.view_thread", request.user, thread):
        raise Http404
    return thread


def _post(request: AuthedRequest, pk: int) -> Post:
    post = selectors.post_detail(pk)
    if post is None or not rules.has_perm("network.view_thread", request.user, post.thread):
        raise Http404
    return post


def _normalised(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _pii_check(request: AuthedRequest, *texts: str) -> dict[str, Any] | None:
    """None when the texts may be posted: nothing looks like personal data, or the
    person saw this very text marked and chose "post anyway". Else what the page shows:
    the texts with the findings marked, their number, and the token for posting anyway."""
    joined = "\n".join(_normalised(text) for text in texts)
    token = hashlib.sha256(joined.encode()).hexdigest()[:32]
    if request.POST.get("post_anyway") == token:
        return None
    count = sum(len(findings(_normalised(text))) for text in texts)
    if not count:
        return None
    return {
        "count": count,
        "token": token,
        "marked": [marked(_normalised(text)) for text in texts if _normalised(text)],
    }


@login_required
def spaces(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "network/spaces.html", {"spaces": list(selectors.spaces_of(request.user))}
    )


@login_required
def space(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _space(request, org_pk)
    threads = selectors.threads_in(organisation, request.user)
    page = Paginator(threads, selectors.THREADS_PER_PAGE).get_page(request.GET.get("side"))
    may_moderate = rules.has_perm("network.moderate_space", request.user, organisation)
    return render(
        request,
        "network/space.html",
        {
            "organisation": organisation,
            "page": page,
            "may_moderate": may_moderate,
            "report_count": selectors.open_reports(organisation).count() if may_moderate else 0,
        },
    )


@login_required
def new_thread(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _space(request, org_pk)
    if not rules.has_perm("network.start_thread", request.user, organisation):
        raise PermissionDenied
    form = ThreadForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = _pii_check(request, data["title"], data["text"])
        if check is None:
            try:
                thread = posts.start_thread(
                    organisation, by=request.user, title=data["title"], text=data["text"]
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(request, _("Tråden er startet. Du følger den nå."))
                return redirect(thread.get_absolute_url())
    status = 422 if form.errors else 200
    return render(
        request,
        "network/thread_form.html",
        {"organisation": organisation, "form": form, "check": check},
        status=status,
    )


def _thread_page(
    request: AuthedRequest,
    thread: Thread,
    *,
    form: ReplyForm | None = None,
    check: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_moderate = rules.has_perm("network.moderate_space", user, thread)
    page = Paginator(
        selectors.posts_of(thread, moderator=may_moderate), selectors.POSTS_PER_PAGE
    ).get_page(request.GET.get("side"))
    # After a reply with errors, show the last page: the form sits below it.
    if form is not None:
        page = page.paginator.get_page(page.paginator.num_pages)
    shown = list(page.object_list)
    for post in shown:
        names = [mentioned.name for mentioned in post.mentions.all()]
        post.html = as_html(post.text, names)  # type: ignore[attr-defined]
        post.may_report = rules.has_perm(  # type: ignore[attr-defined]
            "network.report_post", user, post
        )
    may_reply = rules.has_perm("network.reply", user, thread)
    return render(
        request,
        "network/thread.html",
        {
            "thread": thread,
            "organisation": thread.organisation,
            "posts": shown,
            "page": page,
            "may_moderate": may_moderate,
            "may_reply": may_reply,
            "following": selectors.is_following(thread, user),
            "form": form or (ReplyForm() if may_reply else None),
            "check": check,
        },
        status=status,
    )


@login_required
def thread(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    if "innlegg" in request.GET:
        # A link to one post (mail, reports): to the page that shows it.
        return redirect(_post_on_its_page(found, request.GET["innlegg"]))
    return _thread_page(request, found)


def _post_on_its_page(thread: Thread, post_pk: Any) -> str:
    """The address of the thread's page that shows the post, at the post; the thread's
    first page when the thread holds no such post."""
    number = selectors.page_of_post(thread, post_pk)
    if number is None:
        return thread.get_absolute_url()
    query = f"?side={number}" if number > 1 else ""
    return f"{thread.get_absolute_url()}{query}#innlegg-{int(post_pk)}"


@login_required
@require_POST
def reply(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    if not rules.has_perm("network.reply", request.user, found):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    check = None
    if form.is_valid():
        check = _pii_check(request, form.cleaned_data["text"])
        if check is None:
            try:
                post = posts.reply(found, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(request, _("Svaret ditt er publisert."))
                return redirect(_post_on_its_page(found, post.pk))
    return _thread_page(request, found, form=form, check=check, status=422 if form.errors else 200)


@login_required
@require_POST
def follow(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    if request.POST.get("follow") == "1":
        posts.follow(found, by=request.user)
        messages.success(request, _("Du følger tråden og får nye innlegg i sammendraget."))
    else:
        posts.unfollow(found, by=request.user)
        messages.success(request, _("Du følger ikke lenger tråden."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def lock(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    locked = request.POST.get("locked") == "1"
    moderation.set_locked(found, by=request.user, locked=locked)
    messages.success(
        request, _("Tråden er låst.") if locked else _("Tråden er åpnet for svar igjen.")
    )
    return redirect(found.get_absolute_url())


@login_required
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not rules.has_perm("network.report_post", request.user, post):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posts.report(post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Takk. Moderatorene ser på innlegget."))
            return redirect(post.get_absolute_url())
    return render(
        request,
        "network/report.html",
        {
            "post": post,
            "thread": post.thread,
            "organisation": post.thread.organisation,
            "html": as_html(post.text, [user.name for user in post.mentions.all()]),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
def moderate(request: AuthedRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not rules.has_perm("network.moderate_space", request.user, post):
        raise PermissionDenied
    form = RemoveForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        form.is_valid()  # the reason, cleaned (domain errors attach to a cleaned form)
        try:
            if action == "hide":
                moderation.hide_post(post, by=request.user)
                messages.success(request, _("Innlegget er skjult."))
            elif action == "show":
                moderation.show_post(post, by=request.user)
                messages.success(request, _("Innlegget vises igjen."))
            elif action == "remove" and form.is_valid():
                moderation.remove_post(post, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Innlegget er fjernet."))
            else:
                raise ValidationError(_("Velg hva som skal skje med innlegget."))
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            return redirect(post.get_absolute_url())
    return render(
        request,
        "network/moderate.html",
        {
            "post": post,
            "thread": post.thread,
            "organisation": post.thread.organisation,
            "marked": marked(post.text),
            "findings": len(findings(post.text)),
            "reports": list(post.reports.select_related("reporter").order_by("created_at")),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
def reports(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _space(request, org_pk)
    if not rules.has_perm("network.moderate_space", request.user, organisation):
        raise PermissionDenied
    # Oldest first, 25 a page: a national space gathers hundreds of open reports.
    page = Paginator(selectors.open_reports(organisation), selectors.REPORTS_PER_PAGE).get_page(
        request.GET.get("side")
    )
    return render(request, "network/reports.html", {"organisation": organisation, "page": page})


@login_required
@require_POST
def dismiss(request: AuthedRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Report.objects.select_related("post__thread__organisation"), pk=pk)
    organisation = found.post.thread.organisation
    if not rules.has_perm("network.view_space", request.user, organisation):
        raise Http404
    try:
        moderation.dismiss_report(found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Meldingen er avvist. Innlegget står som før."))
    return redirect("network:reports", organisation.pk)
