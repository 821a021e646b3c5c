"""Form fields shared by the blueprints."""

from __future__ import annotations

from datetime import date, datetime

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField


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
