"""The one "when did it end?" page the admin area uses for memberships and post holdings."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request

from scrutiny.blueprints.admin.forms import EndDateForm
from scrutiny.blueprints.common import save


def end_date_page(row, what: str, end: Callable, *, heading: str, back: str):
    """Ask for the last day of `row` and save it with `end(row, day, expected_version=...)`,
    then go `back`; the form carries the row's version so a concurrent edit is refused."""
    form = EndDateForm()
    if request.method == "GET":
        form.version.data = row.version
    if form.validate_on_submit():
        ok, _ = save(
            form,
            what,
            lambda: end(row, form.ends_on.data, expected_version=form.expected_version()),
        )
        if ok:
            flash("End date saved", "success")
            return redirect(back)
    return render_template("admin/end_date.html", form=form, heading=heading, back=back)
