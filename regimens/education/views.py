"""The education pages: the general page on imiquimod, the editorial policy, the questions
(a list with one search box, one page each), a staff preview of any version, and the
reader's choice. Public pages show approved versions only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_cookie

from planner.accounts.access import path_on_this_site
from regimens.education import pages, reader
from regimens.education.forms import QuestionSearchForm, ReaderForm
from regimens.education.models import Entry, EntryVersion

PREVIEW_PERMISSION = "regimens.view_entryversion"


def _page(request, version: EntryVersion, *, preview: bool = False, status: int = 200):
    context = reader.form_context(request)
    context["page"] = pages.present(version, context["reader"], body_top=2)
    context["preview"] = preview
    template = "education/page.html"
    if version.entry.kind == Entry.Kind.QUESTION:
        context["related"] = pages.related_questions(version, context["reader"])
        template = "education/question.html"
    return render(request, template, context, status=status)


def _approved_or_404(kind: str, slug: str) -> EntryVersion:
    version = pages.approved(kind, slug)
    if version is None:
        raise Http404("No approved version of this page.")
    return version


@vary_on_cookie
@require_safe
def about_imiquimod(request):
    return _page(request, _approved_or_404(Entry.Kind.PAGE, "about-imiquimod"))


@vary_on_cookie
@require_safe
def editorial_policy(request):
    return _page(request, _approved_or_404(Entry.Kind.PAGE, "editorial-policy"))


@vary_on_cookie
@require_safe
def question_detail(request, slug):
    return _page(request, _approved_or_404(Entry.Kind.QUESTION, slug))


@vary_on_cookie
@require_safe
def question_list(request):
    form = QuestionSearchForm(request.GET if "q" in request.GET else None)
    context = reader.form_context(request)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    found = pages.search(query) if query else pages.approved_questions()
    context.update(
        form=form,
        query=query,
        questions=[(q.entry.slug, pages.wording.choose(q.title, context["reader"])) for q in found],
    )
    return render(request, "education/questions.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_safe
def preview(request, pk):
    """Any version, drafts included, for staff who may view the catalogue; 404 for others."""
    if not (request.user.is_staff and request.user.has_perm(PREVIEW_PERMISSION)):
        raise Http404("No such page.")
    version = get_object_or_404(EntryVersion.objects.select_related("entry"), pk=pk)
    return _page(request, version, preview=True)


@require_POST
def choose_reader(request):
    """Remember the reader's choice and go back to the page it was made on."""
    form = ReaderForm(request.POST)
    if not form.is_valid():
        context = {**reader.form_context(request), "reader_form": form}
        return render(request, "education/reader.html", context, status=400)
    target = path_on_this_site(request, form.cleaned_data["next"])
    response = redirect(target or "regimen-list")
    reader.remember(request, response, form.cleaned_data["reader"])
    return response
