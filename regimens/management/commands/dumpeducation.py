"""Write the approved education content back to seeds/education/ (or another folder)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from regimens.education import seeds


class Command(BaseCommand):
    help = "Write the references and approved education entries in the seeds/education format."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=seeds.SEED_DIR, help="A folder.")

    def handle(self, *args, output: Path, **options):
        count = seeds.dump(output)
        self.stdout.write(f"Wrote the references and {count} entries to {output}.")
