"""The reconciled aid ledger: every record that reports one donation attaches to one aid line.

An *attestation* is one source record of a donation: a row of the Kiel weapons table, of SIPRI or Oryx, a
confirmed intake claim, a pledge entered by a liaison, or an illustrative offer of the demo scenario. The
matcher compares attestations pairwise. Donor, recipient and kind must agree, and the two must be related by
what they report (else they are unrelated, no score at all); the score in [0, 1] adds up, each part with its
reason (docs/ledger.md is the page a staff officer reads):

    what      same item type 0.50; else a shared designation alias (name key) 0.40, a shared designation
              stem ("AIM-7M Sparrow" and "AIM-7 AAM": aim7) 0.30, a shared ammunition family 0.25;
              funds have no item: a value within 10 % (or equal) stands in for it, 0.50
    quantity  equal 0.30; within 10 % 0.25; within 25 % 0.20 (two registers counting one donation at
              different times); one divides the other 0.15; one unknown 0.10; otherwise 0.
              Funds: the value is the quantity: equal 0.30, within 1 % 0.25, otherwise 0 (so one sum
              entered twice links, and sums 1 to 10 % apart are proposed)
    dates     exact dates within WINDOW_DAYS 0.20; a year and a date or year close (close()) 0.15;
              either undated (Kiel, Oryx) 0.10; not close -0.30

    score >= LINK_AT      the two are linked automatically (reason listed, never silent: the line shows it);
    PROPOSE_AT <= score   the pair is *proposed*: a coordinator confirms (link) or splits (keep apart);
    below                 unrelated.

Two attestations of the same imported dataset are never linked (the source lists them as separate records),
except by a coordinator's explicit confirmation: they get no score. Pledges entered in the system are not an
imported dataset: two entries of the same donor, item type and quantity within the window are one donation
entered twice (linked, the line shows why; a coordinator splits them if they are two). Links are taken best
first (decisions, then score, then pledge ids); a link that would put a second attestation of one imported
dataset on a line, or join two attestations a coordinator split, is left out (the line keeps the better one).
A split holds against confirmations too: a confirmation that would join a split pair through other records
(confirm 10-11, confirm 11-12, split 10-12) is left out, in pledge-id order, and listed in `Ledger.conflicts`.
Lines are the connected groups of links; an attestation no one links is a line of its own. Decisions override
the matcher both ways and can be withdrawn. Withdrawn attestations are on no line. Nothing is merged or lost:
every other attestation is on exactly one line with its own figures.

An illustrative *remainder* offer (dataset REMAINDER: the open part of a donor's item type offered to a plan)
is not scored: it joins the line of the same donor, recipient and item type with the largest open part
(committed - delivered; then the smallest id), or is a line of its own.

Figures of a line (never summed across attestations, which report the same donation):
    committed = among firm attestations (committed, allocated, delivered), the first stated in precedence
                order: entered in the system (the donor's own figure; several entries on one line report one
                donation: the largest), SIPRI number ordered, Kiel number, Oryx count, intake claim, another
                dataset; never less than `delivered`;
    delivered = SIPRI number delivered if stated, else Oryx count when flagged delivered, else 0
                (deliveries recorded in nsatu's own logistics are added by the coverage, not here);
    announced = max(committed, quantities of attestations still only announced);
    value_eur = the value of the first attestation in precedence order that states one;
    a remainder offer attests the line but adds nothing to its figures: it is part of them.
`figures` lists each attestation's own figures (stage "offered" for a remainder); `disagreements` the stages
("committed", "delivered", "announced") where the attestations' own figures differ (SIPRI 18 delivered,
Oryx 20).

Cost: attestations are bucketed by donor, recipient and kind, and within a bucket only the pairs that can
reach PROPOSE_AT are scored (blocks.py): records of different datasets (or two entries) sharing an item type,
a name key, a stem or a family, with dates not far apart, or the same item type and quantity at any date
(funds: values within 10 %). Two rows of one register are never scored, so a register of 200,000 rows meets
only the other sources' few records of its donor; a decided pair is scored on its own.
"""

from nsatu.engine.ledger.build import ledger_build
from nsatu.engine.ledger.match import dates_close, designation_keys, match_score
from nsatu.engine.ledger.records import (
    ENTERED,
    FIRM,
    INTAKE,
    KIEL,
    LINK_AT,
    ORYX,
    PRECEDENCE,
    PROPOSE_AT,
    REASONS,
    REMAINDER,
    SIPRI,
    WINDOW_DAYS,
    WITHDRAWN,
    AidLine,
    Attestation,
    Decision,
    Figure,
    Ledger,
    Match,
    Reason,
)

__all__ = [
    "ENTERED",
    "FIRM",
    "INTAKE",
    "KIEL",
    "LINK_AT",
    "ORYX",
    "PRECEDENCE",
    "PROPOSE_AT",
    "REASONS",
    "REMAINDER",
    "SIPRI",
    "WINDOW_DAYS",
    "WITHDRAWN",
    "AidLine",
    "Attestation",
    "Decision",
    "Figure",
    "Ledger",
    "Match",
    "Reason",
    "dates_close",
    "designation_keys",
    "ledger_build",
    "match_score",
]
