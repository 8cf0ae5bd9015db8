"""Load seeds/education/ (references, pages, regimen sections, questions), idempotently."""

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

    def handle(self, *args, dir: Path, force: bool, **options):
        try:
            references, entries = seeds.read_references(dir), seeds.read_entries(dir)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read {dir}: {exc}") from exc
        self.verbosity = options["verbosity"]
        for key, outcome in seeds.load_references(references, force=force).items():
            self._report(f"reference {key}", outcome)
        try:
            loaded = seeds.load_entries(entries, force=force)
        except ValidationError as exc:
            raise CommandError(f"Education content: {'; '.join(exc.messages)}") from exc
        for seed, outcome in loaded:
            self._report(f"{seed.kind} {seed.slug}", outcome)

    def _report(self, what: str, outcome: str) -> None:
        if outcome != "unchanged" or self.verbosity > 1:
            self.stdout.write(f"{what}: {outcome}")
        if outcome == "kept":
            self.stdout.write("    (edited in the admin; not overwritten: use --force)")
