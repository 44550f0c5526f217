"""Shared by the upload tests (Django and browser): a small world to pledge from, and a template filled in as a
person would, by the labels of its header row."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.logistics.models import Hub
from nsatu.needs.models import Requirement, RequirementStatus


def build_world(parties) -> dict[str, object]:
    hub = Hub.objects.create(
        name="Rzeszów-Jasionka",
        country=parties["POL"],
        capacity_t_month=Decimal(100),
        releasability=Releasability.PUBLIC,
    )
    items = [
        ItemType.objects.create(
            name=name,
            capability_area=area,
            standard=Standard.NATO,
            unit_mass_t=Decimal(mass),
            releasability=Releasability.PUBLIC,
        )
        for name, area, mass in [
            ("Gepard", CapabilityArea.AIR_DEFENCE, "47.5"),
            ("Leopard 2A6", CapabilityArea.ARMOUR, "62"),
            ("PzH 2000", CapabilityArea.ARTILLERY, "55"),
        ]
    ]
    hidden = ItemType.objects.create(
        name="Polish secret drone",
        capability_area=CapabilityArea.DRONES,
        owner=parties["POL"],
        releasability=Releasability.OWNER,
    )
    requirement = Requirement.objects.create(
        reference="UA-2026-0001",
        title="Mobile air defence",
        capability_area=CapabilityArea.AIR_DEFENCE,
        item_type=items[0],
        quantity=Decimal(100),
        priority=1,
        status=RequirementStatus.PUBLISHED,
        owner=parties["UKR"],
    )
    return {"hub": hub, "items": items, "hidden": hidden, "requirement": requirement}


def fill(template: bytes, rows: list[dict[str, object]], *, sheet: int = 0) -> bytes:
    """The template with `rows` typed into its first sheet, each a {header label: value} mapping."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[sheet]
    header = {cell.value: cell.column for cell in ws[1]}
    for r, row in enumerate(rows, start=2):
        for label, value in row.items():
            ws.cell(row=r, column=header[label], value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pledge_rows(n: int, *, donor: str = "Germany") -> list[dict[str, object]]:
    """`n` distinct in-kind pledges of 40 units, each in two tranches of 20."""
    names = ["Gepard", "Leopard 2A6", "PzH 2000"]
    start = dt.date(2026, 9, 1)
    return [
        {
            "Donor": donor,
            "Item type": names[i % 3],
            "Description": f"Package {i + 1}",
            "Quantity": 40,
            "Status": "Committed",
            "Announced on": dt.date(2026, 6, 1) + dt.timedelta(days=i % 30),
            "Tranche 1: available from": start,
            "Tranche 1: quantity or amount": 20,
            "Tranche 1: hub": "Rzeszów-Jasionka",
            "Tranche 2: available from": start + dt.timedelta(days=90),
            "Tranche 2: quantity or amount": 20,
        }
        for i in range(n)
    ]
