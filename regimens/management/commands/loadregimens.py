"""Load seeds/regimens.toml into the catalogue (jurisdictions, rules and product limits),
idempotently."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from regimens import catalogue, versions


class Command(BaseCommand):
    help = "Load the regimen catalogue from seeds/regimens.toml (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=catalogue.SEED_FILE)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace rules that staff edited in the admin with the seed version.",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            places = catalogue.read_jurisdictions_file(file)
            entries = catalogue.read_seed_file(file)
            limits = catalogue.read_limits_file(file)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        # First: a regimen takes its jurisdiction's approved name when it is loaded.
        for entry in places:
            name = f"{entry.get('code')} jurisdiction"
            self.load(catalogue.load_jurisdiction, entry, name, force)
        for entry in entries:
            self.load(catalogue.load_entry, entry, entry["slug"], force)
        for entry in limits:
            self.load(catalogue.load_limits, entry, f"{entry.get('slug')} limits", force)
        record_seed_digests()
        # The education content goes with the catalogue (`make run`, `make migrate`).
        call_command("loadeducation", force=force, summary=True, stdout=self.stdout)

    def load(self, loader, entry: dict, name: str, force: bool) -> None:
        """Load one table and say what happened to it."""
        try:
            outcome, changed = loader(entry, force=force)
        except ValidationError as exc:
            raise CommandError(f"{name}: {'; '.join(exc.messages)}") from exc
        self.stdout.write(f"{name}: {outcome}")
        for field, (old, new) in changed.items():
            self.stdout.write(f"    {field}: {_short(old)} -> {_short(new)}")
        if outcome == "kept":
            self.stdout.write("    (edited in the admin; not overwritten: use --force)")


def record_seed_digests() -> None:
    """A seed is approved as it is loaded: record the digest of what was approved, as an
    approval in the admin does, so every approved version says exactly what it approved."""
    for model in versions.VERSIONED:
        unrecorded = model.objects.approved().filter(origin=model.Origin.SEED, approved_digest="")
        for version in unrecorded:
            version.approved_digest = versions.content_digest(version)
            version.save(update_fields=["approved_digest"])


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
