"""SQLite under concurrent writers: BEGIN IMMEDIATE serialises read-then-update transactions."""

import sqlite3
import threading

import pytest
from flask import current_app

from scrutiny.extensions import db
from scrutiny.models import Post
from tests.factories import PostFactory


def test_concurrent_read_then_update_loses_no_updates(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the BEGIN IMMEDIATE recipe is SQLite's; PostgreSQL relies on versions")
    post_id = PostFactory(description="0").id
    db.session.commit()
    errors: list[Exception] = []

    def worker():
        with current_app_object.app_context():
            try:
                for _ in range(25):
                    post = db.session.get(Post, post_id)
                    post.description = str(int(post.description) + 1)
                    db.session.commit()
            except Exception as error:  # collected and reported below
                errors.append(error)
            finally:
                db.session.remove()

    current_app_object = current_app._get_current_object()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert db.session.get(Post, post_id).description == "100"


def test_a_page_view_may_not_write(app):
    from scrutiny.database import WriteDuringReadError

    PostFactory(name="Head of Parks")
    db.session.commit()
    with app.test_request_context("/", method="GET"):
        post = db.session.scalars(db.select(Post)).first()
        post.description = "changed by a page view"
        with pytest.raises(WriteDuringReadError):
            db.session.flush()
        db.session.rollback()
    with app.test_request_context("/", method="POST"):
        post = db.session.scalars(db.select(Post)).first()
        post.description = "changed by a form"
        db.session.commit()
    assert db.session.scalars(db.select(Post)).first().description == "changed by a form"


def test_a_page_view_does_not_hold_the_write_lock(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one write lock")
    PostFactory(name="Head of Parks", description="0")
    db.session.commit()
    with app.test_request_context("/", method="GET"):
        reader = db.engine.connect()
        reader.exec_driver_sql("SELECT count(*) FROM posts").all()
        assert reader.in_transaction()
        # While the page view's transaction is open, a writer gets the lock at once.
        writer = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE posts SET description = '1'")
        writer.execute("COMMIT")
        writer.close()
        reader.close()
