"""Form tokens already used: a create form's post is acted on once, however often it is sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.models.base import Base, UTCDateTime


class FormSubmission(Base):
    """A create form's one-time token, stored in the same transaction as what it created."""

    __tablename__ = "form_submissions"

    #: The random token the form carried; the primary key makes a second use fail.
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Where the first post went afterwards (the page of what it created).
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    #: When it was first sent; nightly housekeeping forgets tokens older than a month.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
