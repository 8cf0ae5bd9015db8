"""The wording helpers: {patient|carer} pairs and [@key] citations numbered per page."""

from hypothesis import given
from hypothesis import strategies as st

from regimens.education import wording

plain = st.text(alphabet=st.characters(blacklist_characters="{}|[]@"), max_size=30)


def test_a_pair_is_worded_for_each_reader():
    text = "{You apply|The person you care for applies} it."
    assert wording.choose(text, "patient") == "You apply it."
    assert wording.choose(text, "carer") == "The person you care for applies it."
    assert wording.choose(text, "professional") == "You apply it."


def test_an_empty_side_leaves_a_sentence_out_for_that_reader():
    text = "Both.{| Only for carers.}"
    assert wording.choose(text, "patient") == "Both."
    assert wording.choose(text, "carer") == "Both. Only for carers."


def test_citations_are_numbered_in_order_of_first_use_across_a_page():
    numbering = wording.Numbering()
    first = wording.render("A [@b] and [@a], again [@b].", "patient", numbering)
    second = wording.render("C [@c][@a].", "patient", numbering)
    assert numbering.keys == ["b", "a", "c"]
    assert '<a href="#ref-1" rel="noopener noreferrer nofollow">[1]</a>' in first
    assert '>[2]</a>, again <a href="#ref-1"' in first
    assert 'href="#ref-3"' in second and 'href="#ref-2"' in second


def test_unbalanced_or_nested_braces_are_reported():
    assert wording.problems("{a|b}") == []
    for bad in ("{a", "a}", "{a|b|c}", "{a{b|c}|d}", "{ab}"):
        assert wording.problems(bad), bad


def test_search_text_holds_both_wordings_without_citations():
    text = wording.search_text("What if {I miss|they miss} a dose?", "Answer [@seed-002].")
    assert "What if I miss a dose?" in text and "What if they miss a dose?" in text
    assert "[@" not in text


@given(patient=plain, carer=plain, before=plain, after=plain)
def test_any_pair_resolves_to_exactly_one_side(patient, carer, before, after):
    text = f"{before}{{{patient}|{carer}}}{after}"
    assert wording.problems(text) == []
    assert wording.choose(text, "patient") == before + patient + after
    assert wording.choose(text, "carer") == before + carer + after


@given(keys=st.lists(st.from_regex(r"[a-z0-9-]{1,8}", fullmatch=True), max_size=8))
def test_every_citation_gets_the_number_of_its_key(keys):
    numbering = wording.Numbering()
    html = wording.render(" ".join(f"x [@{key}]" for key in keys), "patient", numbering)
    assert numbering.keys == list(dict.fromkeys(keys))
    for n in range(1, len(numbering.keys) + 1):
        assert f'href="#ref-{n}"' in html
    assert "[@" not in html
