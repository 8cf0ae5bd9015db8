"""Work started together in threads, each on its own database connection: the races of the
concurrency tests, which run on PostgreSQL (SQLite runs one writer at a time)."""

import threading

from django.db import connections


def at_once(work, count: int) -> list:
    """work(index) for each index below `count`, in threads released together; what each
    returned, or the exception it raised (for the test to assert on), in index order."""
    start, outcomes = threading.Barrier(count), [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = work(index)
        except Exception as exc:  # noqa: BLE001 (returned: a test asserts on it)
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
