"""Joint production projects as an allocation run reads them (docs/allocation-model.md §2, §11).

A visible project that is agreed or producing, of a visible priced item type some requirement in the run can
use, with a capacity schedule and a visible firm funds pledge, is a named producer ("project-<id>") of its
type: its schedule becomes the producer's capacity from each row's month (before the first row it makes
nothing), and each of its funds pledges a funds offer that buys only that type from only that producer. A
funds pledge paying a visible project that does not feed the plan is the project's money: it is left out
("project_not_feeding"), not spent on something else. The projects read are recorded among the run's inputs,
so that only a reader who may see them all reads its headline figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Reader
from nsatu.engine.allocation import instance as eng
from nsatu.production.selectors import ProducerFeed, producer_feed_list

CHANNEL = "joint production"


def producer_name(project_id: int) -> str:
    return f"project-{project_id}"


class Producers:
    """The visible projects of one run: which pledges they bind, and the capacities of those that feed it."""

    def __init__(self, *, user: Reader, types: dict[int, ItemType]) -> None:
        self.types = types
        self.feeds: dict[int, ProducerFeed] = {}  # funds pledge id -> the project it pays
        self.bound: dict[int, int] = {}  # funds pledge id -> a project that does not feed the plan
        self.fed: dict[
            int, ProducerFeed
        ] = {}  # project id -> its feed, once one of its pledges is offered
        self.offers: dict[str, int] = {}  # funds offer id -> project id
        read = producer_feed_list(user=user)
        self.bound.update(read.bound_pledges)
        for feed in read.feeds:
            it = types.get(feed.item_type_id)
            # Money for a type no requirement of the run uses, or one without a price, buys nothing here.
            usable = it is not None and bool(it.unit_value_eur)
            for pledge_id in feed.pledge_ids:
                if usable:
                    self.feeds[pledge_id] = feed
                else:
                    self.bound[pledge_id] = feed.project_id

    def binds(self, pledge_id: int) -> bool:
        """The pledge pays a project that does not feed the plan: it is the project's, not for the plan."""
        return pledge_id not in self.feeds and pledge_id in self.bound

    def funds_terms(self, pledge_id: int, offer_id: str) -> dict[str, Any]:
        """The extra terms of a funds offer paying a project: its one item type, its producer, the channel."""
        feed = self.feeds.get(pledge_id)
        if feed is None:
            return {}
        self.fed[feed.project_id] = feed
        self.offers[offer_id] = feed.project_id
        return {
            "producer": producer_name(feed.project_id),
            "item_types": (self.types[feed.item_type_id].name,),
            "channel": CHANNEL,
        }

    def capacities(
        self, *, month: Callable[[dt.date], int], horizon: int
    ) -> list[eng.ProducerCapacity]:
        result: list[eng.ProducerCapacity] = []
        for feed in sorted(self.fed.values(), key=lambda f: f.project_id):
            by_month: dict[int, int] = {0: 0}  # nothing before the schedule's first month
            for day, units in feed.schedule:  # ascending: a later row overrides an earlier one
                by_month[month(day)] = units
            name = self.types[feed.item_type_id].name
            result.extend(
                eng.ProducerCapacity(
                    name, units, producer=producer_name(feed.project_id), from_month=m
                )
                for m, units in sorted(by_month.items())
                if m < horizon
            )
        return result

    def projects(self) -> list[int]:
        """Every project the run read: a reader must see them all to read its headline figures."""
        return sorted(set(self.fed) | set(self.bound.values()))
