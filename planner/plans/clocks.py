"""A night whose clocks change while the cream is on: its wash-off is still the contact time
after the application (elapsed time), so its wall times differ by an hour more or less, and
the pages and reminders say why."""

import datetime as dt

from regimens.engine import clock_shift


def clocks_move(night) -> str:
    """'forward 1 hour' or 'back 1 hour' when the clocks change while a night's cream is on
    (from its application, or from when it was done, to its wash-off); '' on other nights."""
    shift = clock_shift(night.done_at or night.apply_at, night.wash_off_at, night.zone)
    if not shift:
        return ""
    minutes = abs(shift) // dt.timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    amount = f"{minutes} minutes" if rest else f"{hours} hour{'s' * (hours > 1)}"
    return f"{'forward' if shift > dt.timedelta(0) else 'back'} {amount}"
