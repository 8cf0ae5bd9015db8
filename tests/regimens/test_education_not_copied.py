"""The education content is written in our own words: no sentence of eight words or more
from the source pages appears in it, nor any run of eight words in a row.

The sources are read from ../shared/seeds/ when that folder is there; otherwise from a
fixture holding some of their sentences (tests/regimens/fixtures/source_sentences.txt)."""

import re
from pathlib import Path

from django.conf import settings

from regimens.education import seeds, wording

SHARED = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURE = Path(__file__).parent / "fixtures" / "source_sentences.txt"
RUN = 8


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9%]+", " ", text.lower()).split()


def source_texts() -> list[str]:
    paths = sorted(SHARED.glob("*.txt")) if SHARED.is_dir() else [FIXTURE]
    assert paths, "no source text to compare with"
    return [path.read_text(encoding="utf-8") for path in paths]


def our_text() -> str:
    """Every entry in every wording, citations left out."""
    parts = []
    for entry in seeds.read_entries():
        for reader in ("patient", "carer"):
            parts += [wording.choose(str(value), reader) for value in entry.fields.values()]
    return wording.uncited("\n".join(str(part) for part in parts))


def runs(items: list[str]) -> set[tuple[str, ...]]:
    return {tuple(items[i : i + RUN]) for i in range(len(items) - RUN + 1)}


def test_no_source_sentence_of_eight_words_or_more_is_in_our_content():
    ours = " ".join(words(our_text()))
    for text in source_texts():
        for sentence in re.split(r"[.!?\n]+", text):
            said = " ".join(words(sentence))
            if len(said.split()) >= RUN:
                assert said not in ours, sentence


def test_no_run_of_eight_words_is_shared_with_a_source():
    ours = runs(words(our_text()))
    for text in source_texts():
        shared = ours & runs(words(text))
        assert not shared, sorted(" ".join(run) for run in shared)[:5]


def test_the_fixture_is_a_fair_sample_of_the_sources():
    """Each fixture sentence is a source sentence, so the check without ../shared is real."""
    if not SHARED.is_dir():
        return
    sources = " ".join(" ".join(words(text)) for text in source_texts())
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert " ".join(words(line)) in sources, line
