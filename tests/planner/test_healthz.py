from django.db import OperationalError


def test_it_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_it_answers_503_when_the_database_is_unreachable(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("planner.views.connection.cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503


def test_it_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
