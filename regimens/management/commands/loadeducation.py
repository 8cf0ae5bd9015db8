"""Load seeds/education/ (references, pages, regimen sections, questions), idempotently."""

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regimens.education import seeds


class Command(BaseCommand):
    help = "Load the education content from seeds/education/ (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=seeds.SEED_DIR)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace content that staff edited in the admin with the seed version.",
        )
        parser.add_argument(
            "--summary", action="store_true", help="One line of counts, and any kept edits."
        )

    def handle(self, *args, dir: Path, force: bool, summary: bool = False, **options):
        try:
            references, entries = seeds.read_references(dir), seeds.read_entries(dir)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read {dir}: {exc}") from exc
        outcomes = {
            f"reference {key}": outcome
            for key, outcome in seeds.load_references(references, force=force).items()
        }
        try:
            loaded = seeds.load_entries(entries, force=force)
        except ValidationError as exc:
            raise CommandError(f"Education content: {'; '.join(exc.messages)}") from exc
        outcomes.update((f"{seed.kind} {seed.slug}", outcome) for seed, outcome in loaded)
        if summary:
            self._summary(outcomes)
            return
        for what, outcome in outcomes.items():
            self.stdout.write(f"{what}: {outcome}")
            if outcome == "kept":
                self.stdout.write("    (edited in the admin; not overwritten: use --force)")

    def _summary(self, outcomes: dict[str, str]) -> None:
        counts = Counter(outcome.split(" (")[0] for outcome in outcomes.values())
        self.stdout.write("education content: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        kept = [what for what, outcome in outcomes.items() if outcome == "kept"]
        if kept:
            self.stdout.write(f"    kept (edited in the admin; use --force): {', '.join(kept)}")
