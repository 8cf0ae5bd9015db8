"""Logging out (or deleting the account) tells the browser to forget this site's cache and
storage: the offline copies of Today and the plan pages go with them."""

from factories import PASSWORD

FORGET = '"cache", "storage"'


def test_it_logs_out_and_asks_the_browser_to_forget_the_cache_and_storage(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response["Clear-Site-Data"] == FORGET
    assert client.get("/today/").status_code == 302


def test_it_asks_even_when_nobody_was_logged_in(client, db):
    """A session that expired earlier may still have left pages in the worker's cache."""
    assert client.post("/accounts/logout/")["Clear-Site-Data"] == FORGET


def test_it_still_refuses_a_get(client, owner):
    client.force_login(owner)
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert "Clear-Site-Data" not in response
    assert client.get("/today/").status_code == 200


def test_deleting_the_account_asks_the_browser_to_forget_too(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == FORGET


def test_a_refused_deletion_keeps_what_the_browser_holds(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert "Clear-Site-Data" not in response
