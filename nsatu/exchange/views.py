"""Excel both ways: the fill-in templates and the upload with its preview (issue #16)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.tables import XLSX_CONTENT_TYPE
from nsatu.core.web import SERVICE_ERRORS, actor_of, error_text, or_404, refuse
from nsatu.exchange.models import UploadKind, UploadStatus
from nsatu.exchange.rules import check_may_upload
from nsatu.exchange.upload_selectors import upload_page_get, upload_template_get
from nsatu.exchange.upload_services import upload_preview, upload_write


def _kind(kind: str) -> str:
    if kind not in UploadKind.values:
        raise Http404(kind)
    return kind


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        file: UploadedFile[bytes] = self.cleaned_data["file"]
        size = file.size or 0
        if size > settings.NSATU_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(size),
                    "limit": filesizeformat(settings.NSATU_MAX_UPLOAD_BYTES),
                }
            )
        return file


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    actor = actor_of(request)
    check_may_upload(actor, _kind(kind))
    response = HttpResponse(
        upload_template_get(user=actor, kind=kind), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="nsatu-{kind}-template.xlsx"'
    return response


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    actor = actor_of(request)
    check_may_upload(actor, _kind(kind))
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                done = upload_preview(
                    actor=actor, kind=kind, file_name=file.name or "", content=file.read()
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error("file", error_text(exc))
            else:
                return redirect("exchange:upload_preview", kind=kind, pk=done.pk)
        status = 400
    return render(
        request,
        "exchange/upload.html",
        {"form": form, "kind": kind, "kind_label": UploadKind(kind).label},
        status=status,
    )


@login_required
def upload_preview_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page = or_404(upload_page_get, user=actor_of(request), pk=pk, kind=_kind(kind))
    return render(
        request,
        "exchange/upload_preview.html",
        {"page": page, "upload": page.upload, "kind": kind, "kind_label": UploadKind(kind).label},
    )


@login_required
@require_POST
def upload_write_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    try:
        done = or_404(upload_write, actor=actor_of(request), pk=pk, kind=_kind(kind))
    except SERVICE_ERRORS as exc:
        refuse(request, exc)
        return redirect("exchange:upload_preview", kind=kind, pk=pk)
    if done.status != UploadStatus.WRITTEN:
        messages.error(
            request, _("Nothing was written: the file no longer passes the checks below.")
        )
    elif sum(done.records_written.values()):
        messages.success(
            request,
            _("Written: %(n)s rows of %(file)s.") % {"n": done.to_write, "file": done.file_name},
        )
    else:
        messages.info(request, _("Nothing new to write: every row was written before."))
    return redirect("exchange:upload_preview", kind=kind, pk=pk)
