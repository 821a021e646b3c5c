"""Form fields shared by the blueprints."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, FieldList
from wtforms.fields import Field

from scrutiny.blueprints.params import parse_int


class GovDateField(DateField):
    """A GOV.UK day/month/year date with plain-English errors.

    Always holds three raw values (day, month, year), so a form posted without some of them
    is treated as blank rather than breaking the widget.
    """

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process_formdata(self, valuelist):
        values = [str(v).strip() for v in valuelist][:3]
        values += [""] * (3 - len(values))
        self.raw_data = values
        if not any(values):
            self.data = None
            return
        if not all(values):
            missing = [n for n, v in zip(("day", "month", "year"), values, strict=True) if not v]
            self.data = None
            raise ValueError(f"{self.label.text} must include a {' and a '.join(missing)}")
        try:
            self.data = datetime.strptime(" ".join(values), self.format[0]).date()
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from None
        if not date(1900, 1, 1) <= self.data <= date(2100, 12, 31):
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date")


class SafeFieldList(FieldList):
    """A FieldList reading entry numbers as plain ASCII digits only.

    WTForms accepts any Unicode digit and then calls ``int()``, so a posted name such as
    ``substitutes-²-user_id`` would be a server error; here it is ignored.
    """

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(f"{prefix}{self._separator}"):
                index = parse_int(key[offset:].split(self._separator, 1)[0], minimum=0)
                if index is not None:
                    yield index


class KeyedFieldList(SafeFieldList):
    """A FieldList whose entries are numbered by a key (a member's id) instead of 0, 1, 2…

    So an answer posted as ``members-42-kind`` comes back to member 42 whatever the order of
    the list or whoever joined meanwhile.
    """

    def by_key(self) -> dict[int, Field]:
        """The entries by their key."""
        return {int(e.short_name.rpartition(self._separator)[2]): e for e in self.entries}

    def show(self, rows: Iterable[tuple[int, dict]]) -> list[Field]:
        """Replace the entries by one per (key, data), in that order, and return them."""
        self.entries = []
        for key, data in rows:
            self._add_entry(None, data, index=key)
        return self.entries

    def fit(self, keys: Iterable[int], data: Callable[[int], object] = lambda key: None) -> None:
        """Keep exactly one entry per key, in order: the posted one where there is one, else a
        new one holding `data(key)`; posted entries for other keys are dropped."""
        posted = self.by_key()
        self.entries = []
        for key in keys:
            if key in posted:
                self.entries.append(posted[key])
            else:
                self._add_entry(None, data(key), index=key)
