"""An actor's `end` is its last day (inclusive): the registry's convention."""
import datetime as dt

from amity import actors
from amity.events._actors import _covers


def test_last_day_of_an_actor_is_covered():
    sun = actors.get("SUN")
    last = dt.date.fromisoformat(str(sun.end)[:10])
    assert _covers(sun, last)
    assert not _covers(sun, last + dt.timedelta(days=1))
    assert _covers(actors.get("RUS"), last + dt.timedelta(days=1))
