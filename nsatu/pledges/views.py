from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.catalogue.models import ItemType
from nsatu.core.paging import sort_of
from nsatu.core.refs import value_label
from nsatu.core.tables import FORMULA_PREFIXES, yes_no
from nsatu.core.web import (
    CsvCells,
    DownloadRows,
    actor_of,
    csv_cell,
    csv_text,
    download_response,
    or_404,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.needs.models import Requirement
from nsatu.pledges import rules
from nsatu.pledges.export_selectors import PledgeExport, pledge_export_rows
from nsatu.pledges.forms import (
    PledgeEditForm,
    PledgeFilterForm,
    PledgeForm,
    PledgeStatusForm,
    TrancheForm,
)
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.selectors import (
    PledgePage,
    pledge_edit_get,
    pledge_filter_choices,
    pledge_form_choices,
    pledge_get,
    pledge_index_get,
    pledge_page_get,
)
from nsatu.pledges.services import pledge_create, pledge_set_status, pledge_update, tranche_add

STATUS_LABELS = {
    PledgeStatus.COMMITTED: gettext_lazy("Mark committed"),
    PledgeStatus.ALLOCATED: gettext_lazy("Mark allocated"),
    PledgeStatus.DELIVERED: gettext_lazy("Mark delivered"),
    PledgeStatus.WITHDRAWN: gettext_lazy("Withdraw"),
}
# What a person reads at the head of each column of the download (the CLI export keeps its machine keys).
DOWNLOAD_HEADER = [
    gettext_lazy("ID"),
    gettext_lazy("Donor code"),
    gettext_lazy("Donor"),
    gettext_lazy("Recipient"),
    gettext_lazy("Kind"),
    gettext_lazy("Item type"),
    gettext_lazy("Description"),
    gettext_lazy("Quantity"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Value (EUR)"),
    gettext_lazy("Status"),
    gettext_lazy("Announced on"),
    gettext_lazy("Year"),
    gettext_lazy("Requirement"),
    gettext_lazy("Dataset"),
    gettext_lazy("Illustrative"),
    gettext_lazy("Source row"),
    gettext_lazy("Source address"),
]
# Sort keys the pledge list offers: each is served by an index (pledges 0003), so a sorted page of a million
# pledges reads one page's worth of index rather than sorting the table.
SORTS = {
    "id": ("pk",),
    "donor": ("donor__name", "-announced_on"),
    "value": ("value_eur",),
    "status": ("status",),
    "announced": ("announced_on",),
}


def _download_rows(export: PledgeExport) -> DownloadRows:
    """The export's rows as the page's columns (EXPORT_COLUMNS in, DOWNLOAD_HEADER out); labels are looked up
    once, not for every line. The CSV reads the export's plain rows and writes each line in one step, from
    cells of the label tables written once (csv_cell) and the free texts and figures of the line."""

    def labels() -> tuple[dict[str, str], dict[str, str], str, str, dict[bool, str]]:
        # Read as the file is written (a streamed body), in the language then active, as before.
        return (
            {k: str(label) for k, label in PledgeKind.choices},
            {s: str(label) for s, label in PledgeStatus.choices},
            # A link to a record the reader may not see names its kind only; no link, nothing.
            value_label(ItemType, target_id=0, seen=False, label=""),
            value_label(Requirement, target_id=0, seen=False, label=""),
            {True: yes_no(True), False: yes_no(False)},
        )

    entered_here = ("", False)  # no dataset: entered in nsatu, not illustrative

    def rows() -> Iterator[tuple[object, ...]]:
        kinds, statuses, hidden_item, hidden_requirement, flags = labels()
        parties, datasets = export.parties, export.datasets
        items, requirements = export.item_types, export.requirements
        for (
            pk,
            donor,
            recipient,
            kind,
            item_type,
            description,
            quantity,
            amount,
            currency,
            value_eur,
            status,
            announced_on,
            year,
            requirement,
            dataset,
            source_row,
            source_url,
        ) in export.rows:
            donor_code, donor_name = parties[donor]
            dataset_key, illustrative = datasets.get(dataset, entered_here)
            yield (
                pk,
                donor_code,
                donor_name,
                parties[recipient][0],
                kinds[kind],
                "" if item_type is None else items.get(item_type, hidden_item),
                description,
                quantity,
                amount,
                currency,
                value_eur,
                statuses[status],
                announced_on,
                year,
                "" if requirement is None else requirements.get(requirement, hidden_requirement),
                dataset_key,
                flags[illustrative],
                source_row,
                source_url,
            )

    def csv_lines() -> Iterator[str]:
        kinds, statuses, hidden_item, hidden_requirement, flags = labels()
        # Neighbouring cells that come from one record are written as one: donor code and name, dataset key
        # and flag.
        donors = {
            pk: f"{csv_cell(code)},{csv_cell(name)}" for pk, (code, name) in export.parties.items()
        }
        recipients = {pk: csv_cell(code) for pk, (code, _name) in export.parties.items()}
        kind_cells = {k: csv_cell(label) for k, label in kinds.items()}
        status_cells = {s: csv_cell(label) for s, label in statuses.items()}
        no_link = {None: csv_cell("")}
        items = CsvCells(
            {pk: csv_cell(name) for pk, name in export.item_types.items()} | no_link,
            missing=csv_cell(hidden_item),
        )
        requirements = CsvCells(
            {pk: csv_cell(ref) for pk, ref in export.requirements.items()} | no_link,
            missing=csv_cell(hidden_requirement),
        )
        datasets = CsvCells(
            {
                pk: f"{csv_cell(key)},{csv_cell(flags[illustrative])}"
                for pk, (key, illustrative) in export.datasets.items()
            },
            missing=f"{csv_cell(entered_here[0])},{csv_cell(flags[entered_here[1]])}",
        )
        figure, text = export.figure, csv_text
        # csv_text's common case, tested here without a call for the three free texts of a line: printable
        # (so no tab, no line break), no comma or quote in any, none starting as a formula could (the first
        # character of a prefix sends the texts to csv_text, which tests the whole prefix).
        formula_starts = frozenset(p[:1] for p in FORMULA_PREFIXES)
        for chunk in export.plain_chunks():
            lines = []
            for (
                pk,
                donor,
                recipient,
                kind,
                item_type,
                description,
                quantity,
                amount,
                currency,
                value_eur,
                status,
                announced_on,
                year,
                requirement,
                dataset,
                source_row,
                source_url,
            ) in chunk:
                texts = f"{description}{currency}{source_url}"
                if (
                    not texts.isprintable()
                    or "," in texts
                    or '"' in texts
                    or description[:1] in formula_starts
                    or currency[:1] in formula_starts
                    or source_url[:1] in formula_starts
                ):
                    description, currency, source_url = (
                        text(description),
                        text(currency),
                        text(source_url),
                    )
                # Ids, counts and the ISO date need no quoting; a null is an empty cell.
                lines.append(
                    f"{pk},{donors[donor]},{recipients[recipient]},{kind_cells[kind]},"
                    f"{items[item_type]},{description},"
                    f"{'' if quantity is None else quantity},"
                    f"{'' if amount is None else figure(amount)},{currency},"
                    f"{'' if value_eur is None else figure(value_eur)},{status_cells[status]},"
                    f"{'' if announced_on is None else announced_on},{'' if year is None else year},"
                    f"{requirements[requirement]},"
                    f"{datasets[dataset]},"
                    f"{'' if source_row is None else source_row},{source_url}\r\n"
                )
            yield "".join(lines)

    return DownloadRows(rows=rows(), csv_lines=csv_lines)


@login_required
def pledge_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    choices = pledge_filter_choices(user=user)
    filters = PledgeFilterForm(
        request.GET or None, donors=choices.donors, datasets=choices.datasets
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    chosen = {
        "donor": criteria.get("donor") or None,
        "status": criteria.get("status") or None,
        "kind": criteria.get("kind") or None,
        "dataset": criteria.get("dataset") or None,
        "item_type": criteria.get("item_type") or None,
        "search": criteria.get("q") or None,
        "announced_from": criteria.get("announced_from") or None,
        "announced_to": criteria.get("announced_to") or None,
    }
    # Newest first by default: read off the index on (announced_on, id). The donor order is read one donor
    # at a time off the index on (donor, announced_on, id) (pledges/donor_pages.py).
    sort = sort_of(request.GET.get("sort"), SORTS, default="-announced")
    if wants_download(request):
        return download_response(
            request,
            "pledges.csv",
            DOWNLOAD_HEADER,
            _download_rows(pledge_export_rows(user=user, order=sort.fields, **chosen)),
        )
    data = pledge_index_get(
        user=user, order=sort.fields, cursor=request.GET.get("cursor"), **chosen
    )
    return render(
        request,
        "pledges/pledge_list.html",
        {
            "filter_form": filters,
            "page": data.page,
            "status_counts": data.status_counts,
            "may_create": data.may_create,
            "sort": sort,
        },
    )


def _detail(
    request: HttpRequest,
    data: PledgePage,
    *,
    tranche_form: TrancheForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "pledge": data.pledge,
            "actions": [(s, STATUS_LABELS[PledgeStatus(s)]) for s in data.status_moves],
            "may_write": data.may_write,
            "tranche_form": (tranche_form or TrancheForm()) if data.may_add_tranche else None,
        },
        status=status,
    )


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, or_404(pledge_page_get, user=actor_of(request), pk=pk))


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_create(user):
        messages.error(
            request, _("Your role (%(role)s) may not record pledges.") % {"role": user.role_label}
        )
        return redirect("pledges:list")
    choices = pledge_form_choices(user=user)
    form = PledgeForm(
        request.POST or None,
        initial={"donor": choices.own_donor, "recipient": "UKR"},
        donors=choices.donors,
        recipients=choices.recipients,
        item_types=choices.item_types,
        requirements=choices.requirements,
        releasabilities=choices.releasabilities,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def write() -> Pledge:
                return pledge_create(actor=user, **form.cleaned_data)

            pledge, status = write_from_form(request, form, write)
            if pledge is not None:
                messages.success(
                    request,
                    _("Pledge of %(donor)s recorded as %(status)s.")
                    % {"donor": pledge.donor.name, "status": pledge.get_status_display()},
                )
                return redirect("pledges:detail", pk=pledge.pk)
    return render(
        request, "pledges/pledge_form.html", {"form": form, "pledge": None}, status=status
    )


@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(pledge_edit_get, user=user, pk=pk)
    pledge = page.pledge
    if request.method != "POST" and not page.may_write:
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _("Only the command or a liaison of %(donor)s may edit pledge %(id)s.")
            % {"donor": pledge.donor.name, "id": pledge.pk},
        )
        return redirect("pledges:detail", pk=pk)
    initial = {name: getattr(pledge, name) for name in page.editable} | {"version": pledge.version}
    form = PledgeEditForm(
        request.POST or None,
        initial=initial,
        editable=page.editable,
        item_types=page.item_types,
        requirements=page.requirements,
        releasabilities=page.releasabilities,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            # Only what the user changed goes to the service, so an untouched earmark is not checked again.
            changes = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "version" and value != getattr(pledge, name)
            }
            saved, status = write_from_form(
                request,
                form,
                lambda: pledge_update(
                    actor=user,
                    pledge=pledge,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    _("Pledge %(id)s of %(donor)s saved.")
                    % {"id": saved.pk, "donor": pledge.donor.name},
                )
                return redirect("pledges:detail", pk=saved.pk)
    return render(
        request, "pledges/pledge_form.html", {"form": form, "pledge": pledge}, status=status
    )


@login_required
@require_POST
def pledge_tranche_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    data = or_404(pledge_page_get, user=user, pk=pk)
    form = TrancheForm(request.POST)
    if form.is_valid():
        tranche, status = write_from_form(
            request,
            form,
            lambda: tranche_add(actor=user, pledge=data.pledge, **form.cleaned_data),
        )
        if tranche is not None:
            messages.success(
                request,
                _("Tranche available from %(date)s added to pledge %(id)s.")
                % {"date": date_format(tranche.available_from, "SHORT_DATE_FORMAT"), "id": pk},
            )
            return redirect("pledges:detail", pk=pk)
    else:
        status = 400
    if status == 403:
        return redirect("pledges:detail", pk=pk)
    return _detail(request, data, tranche_form=form, status=status)


@login_required
@require_POST
def pledge_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    pledge = or_404(pledge_get, user=user, pk=pk)
    form = PledgeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for pledge %(id)s.") % {"id": pledge.pk})
        return redirect("pledges:detail", pk=pk)
    return write_and_redirect(
        request,
        lambda: pledge_set_status(
            actor=user,
            pledge=pledge,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda changed: (
            _("Pledge %(id)s of %(donor)s is now %(status)s.")
            % {"id": changed.pk, "donor": pledge.donor.name, "status": changed.get_status_display()}
        ),
        to="pledges:detail",
        pk=pk,
    )
