"""Allocation runs and their results (plan lines, shortfalls), and donors' claims on requirements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class AllocationRun(Record):
    """One optimisation over the published requirements and the firm offers, with the status-quo baseline."""

    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=300, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=32, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    mip_gap = models.FloatField(_("MIP gap"), null=True, blank=True)
    build_seconds = models.FloatField(_("model build time (s)"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)
    columns = models.PositiveIntegerField(_("columns"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    components = models.PositiveIntegerField(_("independent components"), null=True, blank=True)
    plan_weighted_coverage = models.FloatField(
        _("plan: priority-weighted coverage"), null=True, blank=True
    )
    plan_on_time_share = models.FloatField(_("plan: on-time share"), null=True, blank=True)
    plan_new_types = models.JSONField(_("plan: new item types"), default=list, blank=True)
    baseline_weighted_coverage = models.FloatField(
        _("baseline: priority-weighted coverage"), null=True, blank=True
    )
    baseline_on_time_share = models.FloatField(_("baseline: on-time share"), null=True, blank=True)
    baseline_new_types = models.JSONField(_("baseline: new item types"), default=list, blank=True)
    # {area: {unit kind: {"requirements", "left_out", "needed", "before", "baseline", "plan"}}}, each
    # requirement capped at its need (engine/allocation/figures.py); runs recorded before unit kinds were
    # kept apart hold {area: {"quantity", "before", "baseline", "plan"}}.
    coverage_by_area = models.JSONField(_("coverage by capability area"), default=dict, blank=True)
    # {reference: {"title", "area", "unit_kind", "priority", "quantity", "before", "baseline", "plan",
    # "left_out"}}: every requirement in scope, planned or left out (with the reason).
    coverage_by_requirement = models.JSONField(
        _("coverage by requirement"), default=dict, blank=True
    )
    # What went in: counts of requirements, tranches, funds offers, hubs, and what was left out and why
    # ({reason: [{"kind", "id", "label"}]}, shown to each reader as far as he may see the record).
    instance_summary = models.JSONField(_("instance summary"), default=dict, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The lease (docs/allocation-model.md §10): the process executing the run renews it with a heartbeat; a
    # run whose lease expired is failed by the reaper. `attempt` fences a worker that lost its lease: its
    # writes name the attempt it started, and a later attempt or a cancel makes them miss.
    attempt = models.PositiveSmallIntegerField(_("attempts started"), default=0)
    worker = models.CharField(_("worker holding the lease"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(
        _("lease expires"), null=True, blank=True, db_index=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A run that is executing always holds a lease, so the reaper can always tell when it stopped.
            models.CheckConstraint(
                condition=~models.Q(status="running") | models.Q(lease_expires_at__isnull=False),
                name="allocation_run_running_has_lease",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="allocation_run_progress_0_100",
            ),
            # A finished run has its figures; a failed one says why. Never an empty "done".
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(error_message=""),
                name="allocation_run_failed_has_message",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(objective__isnull=False),
                name="allocation_run_done_has_objective",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class LineState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PlanLine(Record):
    """One proposal: a tranche (or funds) of a donor's pledge to a requirement, a quantity, a month of arrival.

    owner = the donor, releasability = command: the donor's liaison sees it as owner, the command as command,
    other donors not at all.
    """

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines")
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.PROTECT,
        related_name="plan_lines",
        verbose_name=_("pledge"),
    )
    tranche = models.ForeignKey(
        "pledges.Tranche",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_lines",
        verbose_name=_("tranche"),
    )
    requirement = models.ForeignKey(
        "needs.Requirement",
        on_delete=models.PROTECT,
        related_name="plan_lines",
        verbose_name=_("requirement"),
    )
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item type"),
    )
    source_kind = models.CharField(
        _("offer kind"), max_length=8
    )  # tranche | funds, as the engine names it
    source_id = models.CharField(_("offer id in the instance"), max_length=40)
    quantity = models.PositiveIntegerField(_("quantity"))
    arrival = models.DateField(_("arrival month"))
    month = models.PositiveSmallIntegerField(_("arrival month index"))
    hub = models.ForeignKey(
        "logistics.Hub",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hub"),
    )
    value = models.FloatField(_("value in the objective"))
    reason = models.TextField(_("why this donor and this month"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=LineState.choices,
        default=LineState.PROPOSED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="plan_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(state="proposed", decided_at__isnull=True)
                | (~models.Q(state="proposed") & models.Q(decided_at__isnull=False)),
                name="plan_line_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.requirement.reference}: {self.quantity}"


class Shortfall(models.Model):
    """A requirement the plan does not fully cover, with the reasons the engine gives."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="shortfalls")
    requirement = models.ForeignKey("needs.Requirement", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity needed"))
    covered = models.PositiveIntegerField(_("covered by the plan"))
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        ordering = ["run", "requirement__priority", "requirement__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "requirement"], name="shortfall_one_per_requirement"
            ),
            models.CheckConstraint(
                condition=models.Q(covered__lt=models.F("quantity")),
                name="shortfall_not_fully_covered",
            ),
        ]

    @property
    def missing(self) -> int:
        return self.quantity - self.covered


class PartStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AllocationRunPart(models.Model):
    """An independent part of a run's instance, solved by whichever worker takes it from the queue
    (nsatu.planning.execution_parts); the run's own worker merges the parts' plans."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="parts")
    attempt = models.PositiveIntegerField(_("attempt"))
    number = models.PositiveSmallIntegerField(_("part"))
    status = models.CharField(
        _("status"), max_length=12, choices=PartStatus.choices, default=PartStatus.QUEUED
    )
    # The part's instance and, once solved, its plan (engine JSON); both emptied once the run is merged.
    instance = models.JSONField(_("instance"), default=dict)
    plan = models.JSONField(_("plan"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    lease_seconds = models.FloatField(_("lease (s)"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["run", "attempt", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "attempt", "number"], name="run_part_one_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.attempt}/{self.number}"


class Claim(Record):
    """A donor's claim on a requirement for a limited time, so that others do not duplicate the offer.

    owner = the donor; released to all participants so that everyone sees what is taken.
    """

    donor = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="claims", verbose_name=_("donor")
    )
    requirement = models.ForeignKey(
        "needs.Requirement",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("requirement"),
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # An expired claim is closed (released_at = its expiry) before another is taken on the requirement.
            models.UniqueConstraint(
                fields=["requirement"],
                condition=models.Q(released_at__isnull=True),
                name="claim_one_open_per_requirement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} ⇢ {self.requirement.reference}"
