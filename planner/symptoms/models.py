"""The side-effect log: one graded entry per plan and local day."""

from django.core.validators import MaxValueValidator
from django.db import models

from planner.plans.models import Plan


class Grade(models.IntegerChoices):
    """Our own 0-3 scale (the labels report none / mild / moderate / severe)."""

    NONE = 0, "None"
    MILD = 1, "Mild"
    MODERATE = 2, "Moderate"
    SEVERE = 3, "Severe"


def grade_field(label: str, help_text: str = "") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        choices=Grade.choices,
        default=Grade.NONE,
        validators=[MaxValueValidator(3)],
        help_text=help_text,
    )


LOCAL_REACTIONS = (
    "erythema",
    "edema",
    "weeping",
    "flaking",
    "scabbing",
    "erosion",
    "vesicles",
    "itching",
    "burning",
)
FLU_LIKE = ("fever", "chills", "fatigue", "headache", "muscle_aches", "nausea", "swollen_glands")
ITEMS = LOCAL_REACTIONS + FLU_LIKE


class SymptomEntry(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="symptom_entries")
    date = models.DateField(help_text="Local date in the plan's time zone.")

    erythema = grade_field("Redness (erythema)")
    edema = grade_field("Swelling (edema)")
    weeping = grade_field("Weeping or oozing")
    flaking = grade_field("Flaking, scaling or dryness")
    scabbing = grade_field("Scabbing or crusting")
    erosion = grade_field("Open sores (erosion or ulceration)")
    vesicles = grade_field("Blisters (vesicles)")
    itching = grade_field("Itching")
    burning = grade_field("Burning or pain")

    fever = grade_field("Fever")
    chills = grade_field("Chills")
    fatigue = grade_field("Tiredness")
    headache = grade_field("Headache")
    muscle_aches = grade_field("Muscle aches")
    nausea = grade_field("Nausea")
    swollen_glands = grade_field("Swollen glands")

    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date"], name="one_entry_per_day"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": 3}), name=f"{name}_0_3"
                )
                for name in ITEMS
            ),
        ]

    def __str__(self) -> str:
        return f"Log for {self.date}"

    def grades(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ITEMS}


def lock_log(plan: Plan) -> None:
    """Take the plan's row lock (inside a transaction): saves and deletes of its log take
    turns. Two saves and a delete of one day at once otherwise beat update_or_create's own
    retry (its create fails on the other save's row, which the delete then removes, so the
    retry finds none and the IntegrityError is raised: a 500)."""
    list(Plan.objects.filter(pk=plan.pk).select_for_update().values_list("pk"))
