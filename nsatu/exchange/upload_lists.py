"""The drop-down lists of a template, as the template offers them and as an upload reads them back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Choices:
    """One drop-down list: the labels the template offers, in the reader's language, and every spelling a
    filled-in cell may use (label in any language of the site, code, name), lower-cased, to what it means."""

    labels: list[str] = field(default_factory=list)
    lookup: dict[str, object] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, value: object, *spellings: str) -> None:
        self.labels.append(label)
        if isinstance(value, str):
            self.shown.setdefault(value, label)
        for spelling in (label, *spellings):
            self.lookup.setdefault(spelling.strip().lower(), value)

    def find(self, text: str) -> object | None:
        return self.lookup.get(text.strip().lower())

    def label_of(self, value: object) -> str:
        """The label a code of this list is shown by."""
        return self.shown.get(str(value), str(value))


type Book = dict[str, Choices]
