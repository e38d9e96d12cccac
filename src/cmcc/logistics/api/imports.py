"""Bulk import of consignments from CSV or XLSX (our template or UNRWA's aid-truck layout), with
the same rules as ``cmcc logistics import``: a file with errors imports nothing unless
``skip_invalid``; re-importing a file creates no duplicates; ``dry_run`` writes nothing."""

import uuid

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cmcc.core.api_base import Page, RecordOut, actor_of, require_user
from cmcc.core.choices import Releasability
from cmcc.core.errors import ValidationFailed

from .. import selectors, services
from ..bulk import parsing
from ..choices import ImportFormat
from .common import download, one

router = Router(tags=["logistics"])
MAX_UPLOAD = 200 * 1024 * 1024


class RowErrorOut(Schema):
    row: int
    column: str
    reason: str


class ReportOut(Schema):
    format: str
    rows: int
    consignments: int = Field(..., description="Consignments created (or that would be, in a dry run)")
    lines: int
    already_imported: int = Field(..., description="Left alone: your organisation has these references")
    skipped_rows: list[int]
    errors: list[RowErrorOut]


class ImportResultOut(Schema):
    dry_run: bool
    imported: bool
    run_id: uuid.UUID | None
    report: ReportOut


class ImportRunOut(RecordOut):
    filename: str
    format: ImportFormat
    sha256: str
    rows: int
    consignments_created: int
    lines_created: int
    already_imported: int
    rows_skipped: int
    errors: list[RowErrorOut]
    imported_by: str


@router.post(
    "/imports",
    response={201: ImportResultOut, 200: ImportResultOut, 422: ImportResultOut},
    summary="Import consignments from a CSV or XLSX file",
    description=(
        "Multipart upload. `format`: cmcc or unrwa (detected from the header when left out). "
        "`dry_run`: check and report, write nothing. `skip_invalid`: import the valid consignments "
        "and report every skipped row. `shared_with` (with releasability 'named'): comma-separated "
        "organisation ids or slugs and community names. A file with errors and no `skip_invalid` "
        "answers 422 with the report and imports nothing."
    ),
)
def import_file(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[ImportFormat | None] = None,
    dry_run: Form[bool] = False,
    skip_invalid: Form[bool] = False,
    releasability: Form[Releasability] = Releasability.ORG,
    shared_with: Form[str] = "",
):
    actor = require_user(request)
    if file.size and file.size > MAX_UPLOAD:
        raise ValidationFailed({"file": f"At most {MAX_UPLOAD // (1024 * 1024)} MB."})
    data = file.read()
    grants = [g.strip() for g in shared_with.split(",") if g.strip()]
    report, run = services.consignments_import_file(
        actor=actor,
        data=data,
        filename=file.name or "upload",
        format=format,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        releasability=releasability,
        shared_with=grants,
    )
    result = {
        "dry_run": dry_run,
        "imported": run is not None,
        "run_id": run.pk if run else None,
        "report": report.as_dict(),
    }
    if report.errors and not skip_invalid and not dry_run:
        return Status(422, result)
    return Status(201 if run is not None else 200, result)


@router.get("/imports/template.csv", auth=None, summary="The import template (CSV with one example row)")
def import_template(request: HttpRequest):
    return download(
        parsing.template_csv().encode("utf-8"), "consignments-template.csv", "text/csv; charset=utf-8"
    )


@router.get("/imports", response=list[ImportRunOut], summary="Files your organisation imported")
@paginate(Page)
def import_list(request: HttpRequest):
    return selectors.import_run_list(actor=actor_of(request))


@router.get("/imports/{run_id}", response=ImportRunOut, summary="One import and its report")
def import_get(request: HttpRequest, run_id: uuid.UUID):
    return one(request, selectors.import_run_get(actor=actor_of(request), run_id=run_id))
