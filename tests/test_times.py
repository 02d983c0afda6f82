"""Time arguments in every accepted form, and times in results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gensee_mcp.times import parse_time, to_epoch_ms, to_site_iso

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2027-01-11 09:00 in Shanghai is 01:00 UTC.
EXPECTED_MS = 1_799_629_200_000


@pytest.mark.parametrize(
    "value",
    [
        "2027-01-11T09:00:00+08:00",
        "2027-01-11T01:00:00Z",
        "2027-01-11T09:00:00",
        "2027-01-11 09:00:00",
        "2027-01-11 09:00",
        "1799629200000",
        1_799_629_200_000,
    ],
)
def test_accepted_forms_give_same_instant(value: object) -> None:
    assert to_epoch_ms(parse_time(value), SHANGHAI) == EXPECTED_MS


def test_naive_time_is_read_in_site_zone() -> None:
    parsed = parse_time("2027-01-11 09:00:00")
    assert parsed.tzinfo is None
    assert to_epoch_ms(parsed, ZoneInfo("Europe/Berlin")) == EXPECTED_MS + 7 * 3600 * 1000


def test_offset_wins_over_site_zone() -> None:
    parsed = parse_time("2027-01-11T09:00:00+08:00")
    assert parsed.utcoffset() == timedelta(hours=8)
    assert to_epoch_ms(parsed, ZoneInfo("America/New_York")) == EXPECTED_MS


@pytest.mark.parametrize("value", ["tomorrow", "2027-13-01 09:00:00", "", True, None, [1]])
def test_invalid_forms_name_the_formats(value: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(value)
    assert "an ISO 8601 time such as 2026-12-10T09:00:00+08:00" in str(caught.value)


def test_epoch_ms_outside_range() -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(5_000_000_000_000)
    assert str(caught.value) == (
        "epoch milliseconds 5000000000000 is outside 1970-01-01 to 2100-01-01"
    )


def test_results_use_site_offset() -> None:
    assert to_site_iso(EXPECTED_MS, SHANGHAI) == "2027-01-11T09:00:00+08:00"
    assert to_site_iso(EXPECTED_MS, UTC) == "2027-01-11T01:00:00+00:00"
    india = timezone(timedelta(hours=5, minutes=30))
    assert to_site_iso(EXPECTED_MS, india) == "2027-01-11T06:30:00+05:30"


def test_aware_datetime_passes_through() -> None:
    moment = datetime(2027, 1, 11, 1, 0, tzinfo=UTC)
    assert parse_time(moment) is moment
