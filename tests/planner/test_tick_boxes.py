"""Every tick box on a form page sits inside its label, before the label's words: "[x] Email",
read and tapped as one, never a lone box under a heading that ends in a colon."""

from html.parser import HTMLParser

import pytest

from factories import make_plan


class TickBoxes(HTMLParser):
    """Each checkbox's name, and the label text seen before it inside its label (None when it
    is in no label)."""

    def __init__(self):
        super().__init__()
        self.label_text = None  # the open label's text so far
        self.found = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_text = ""
        elif tag == "input" and attrs.get("type") == "checkbox":
            self.found[attrs["name"], attrs.get("value")] = self.label_text

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_text = None

    def handle_data(self, data):
        if self.label_text is not None:
            self.label_text += data.strip()


def tick_boxes(html: str) -> dict:
    parser = TickBoxes()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pages(owner, catalogue):
    plan = make_plan(owner)
    plan_url = plan.get_absolute_url()
    return [
        "/plans/new/",
        "/plans/new/prescribed/",
        "/reminders/",
        f"/reminders/plans/{plan.public_id}/",
        plan_url,
        plan_url + "change/",
        plan_url + "delete/",
    ]


def test_every_tick_box_comes_before_its_words_inside_its_label(client, owner, pages):
    client.force_login(owner)
    seen = 0
    for url in pages:
        boxes = tick_boxes(client.get(url).content.decode())
        outside = {box: before for box, before in boxes.items() if before != ""}
        assert not outside, f"{url}: after words or outside a label: {outside}"
        seen += len(boxes)
    assert seen >= 10  # the pages' forms were drawn: weekdays, discreet titles, reminders...
