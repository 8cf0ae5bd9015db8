"""Installable: the web app manifest, its icons and the service worker, all served to anyone
(the browser fetches them without the person's session), and linked from every page."""

import json
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from factories import make_plan
from headers import assert_security_headers

pytestmark = pytest.mark.django_db


def png_size(path: str) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    with open(path, "rb") as image:
        head = image.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


@pytest.fixture
def manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_it_serves_the_manifest_as_a_web_app_manifest(manifest):
    response, _ = manifest
    assert response["Content-Type"] == "application/manifest+json"
    assert_security_headers(response, "manifest")


def test_it_starts_on_today_standalone_and_covers_the_whole_site(manifest):
    _, body = manifest
    assert body["start_url"] == "/today/"
    assert body["scope"] == "/"
    assert body["display"] == "standalone"
    assert body["name"] == "Imiquimod Planner" and body["short_name"]


def test_its_colours_are_the_stylesheets(manifest):
    _, body = manifest
    css = Path(finders.find("planner/site.css")).read_text(encoding="utf-8")
    assert f"--brand: {body['theme_color']};" in css
    assert f"--bg: {body['background_color']};" in css


def test_its_icons_exist_at_the_sizes_they_declare(manifest):
    _, body = manifest
    purposes = {icon["purpose"] for icon in body["icons"]}
    assert purposes == {"any", "maskable"}
    sizes = {icon["sizes"] for icon in body["icons"] if icon["purpose"] == "any"}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert icon["type"] == "image/png"
        name = icon["src"].removeprefix("/static/")
        width, height = png_size(finders.find(name))
        assert icon["sizes"] == f"{width}x{height}", name


def test_it_serves_the_service_worker_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content
    assert_security_headers(response, "sw.js")


def test_the_worker_never_keeps_a_post_and_names_the_pages_it_keeps(client):
    worker = client.get("/sw.js").content.decode()
    assert 'if (request.method !== "GET") return;' in worker
    assert "/^\\/today\\/$/" in worker and "/^\\/plans\\/[0-9a-f-]{36}\\/$/" in worker


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_it_refuses_to_change_them(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("role", ["anonymous", "owner", "outsider"])
@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_everyone_gets_the_same_worker_and_manifest(client, owner, outsider, role, path):
    """Nothing personal in either: the browser may fetch them with or without a session."""
    anonymous = client.get(path).content
    if role != "anonymous":
        client.force_login(owner if role == "owner" else outsider)
    assert client.get(path).content == anonymous


def test_every_page_links_the_manifest_and_the_theme_colour(client):
    body = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert '<meta name="theme-color" content="#0b5cad">' in body


def test_pages_of_a_logged_in_person_register_the_worker(client, owner, catalogue):
    client.force_login(owner)
    plan = make_plan(owner)
    for path in ("/today/", f"/plans/{plan.public_id}/"):
        body = client.get(path).content.decode()
        assert 'src="/static/planner/install.js" data-worker="/sw.js" defer' in body, path


def test_public_pages_stay_script_free(client):
    assert "<script" not in client.get("/").content.decode()


def test_the_favicon_address_leads_to_the_site_icon(client):
    """Browsers ask for /favicon.ico where a page names no icon of its own (the admin, the
    print sheet): a 404 there is an error in the browser's console on every such page."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/planner/icons/icon-192.png"
    assert "max-age=86400" in response["Cache-Control"]
    assert finders.find("planner/icons/icon-192.png")
