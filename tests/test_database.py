"""SQLite under concurrent writers: BEGIN IMMEDIATE serialises read-then-update transactions."""

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
