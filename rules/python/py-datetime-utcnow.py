import datetime as dt
from datetime import datetime, timedelta, timezone

from croniter import croniter


def next_run(cron_expression: str) -> datetime:
    # ruleid: py-datetime-utcnow
    return croniter(cron_expression, datetime.utcnow()).get_next(datetime)


def is_due(action) -> bool:
    # ruleid: py-datetime-utcnow
    return action.next_run_at <= dt.datetime.utcnow()


def from_epoch(seconds: int) -> datetime:
    # ruleid: py-datetime-utcnow
    return datetime.utcfromtimestamp(seconds)


def expires_at(ttl: timedelta) -> datetime:
    # ruleid: py-datetime-utcnow
    started = datetime.utcnow()
    return started + ttl


# The fix the seed names: aware datetimes.
def next_run_aware(cron_expression: str) -> datetime:
    # ok: py-datetime-utcnow
    return croniter(cron_expression, datetime.now(timezone.utc)).get_next(datetime)


def from_epoch_aware(seconds: int) -> datetime:
    # ok: py-datetime-utcnow
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def legacy_stamp() -> datetime:
    # ok: py-datetime-utcnow
    return datetime.utcnow().replace(tzinfo=timezone.utc)


def local_display(now: datetime) -> str:
    # ok: py-datetime-utcnow
    return now.astimezone().strftime("%H:%M")
