"""Reading pledges out of text: documents -> sentences -> candidate claims, and scoring against labels.

Pure Python: the catalogue comes in as ItemEntry values, dates and parties are resolved without a database.
"""

from nsatu.engine.intake.claim import (
    BACKGROUND,
    FUNDS,
    IN_KIND,
    NEW_PLEDGE,
    NOT_A_PLEDGE,
    ClaimCandidate,
    describe,
)
from nsatu.engine.intake.documents import EXTENSIONS as EXTENSIONS_READ
from nsatu.engine.intake.documents import DocumentError, ReadDocument, kind_for, read_document
from nsatu.engine.intake.extract import extract_claims
from nsatu.engine.intake.items import ItemEntry, ItemMatcher
from nsatu.engine.intake.score import (
    ArticleScore,
    LabelError,
    LabelledArticle,
    parse_labels,
    score_article,
    totals,
)

__all__ = [
    "BACKGROUND",
    "EXTENSIONS_READ",
    "FUNDS",
    "IN_KIND",
    "NEW_PLEDGE",
    "NOT_A_PLEDGE",
    "ArticleScore",
    "ClaimCandidate",
    "DocumentError",
    "ItemEntry",
    "ItemMatcher",
    "LabelError",
    "LabelledArticle",
    "ReadDocument",
    "describe",
    "extract_claims",
    "kind_for",
    "parse_labels",
    "read_document",
    "score_article",
    "totals",
]
