"""How much cream a course needs: packets (or pump presses) and boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Supply:
    packets: int
    boxes: dict[int, int]  # box size -> boxes needed


def supply_for(applications: int, packets_per_application: int, box_sizes: list[int]) -> Supply:
    packets = applications * packets_per_application
    return Supply(packets, {size: math.ceil(packets / size) for size in box_sizes})
