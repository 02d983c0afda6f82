"""Time arguments in every accepted form, and times in results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gensee_mcp.times import parse_end_time, parse_time, to_epoch_ms, to_site_iso

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


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5_000_000_000_000, "epoch milliseconds 5000000000000 is outside the years 2000 to 2099"),
        (
            "1796691600",
            "1796691600 looks like epoch seconds or a date without separators; give epoch "
            "milliseconds (13 digits) or an ISO 8601 time",
        ),
        (
            20261208,
            "20261208 looks like epoch seconds or a date without separators; give epoch "
            "milliseconds (13 digits) or an ISO 8601 time",
        ),
        (1.5, "epoch milliseconds must be a whole number, not 1.5"),
        ("9999-12-31T23:59:59", "'9999-12-31T23:59:59' is outside the years 2000 to 2099"),
        ("1969-12-31T23:59:59Z", "'1969-12-31T23:59:59Z' is outside the years 2000 to 2099"),
        ("2100-01-01", "'2100-01-01' is outside the years 2000 to 2099"),
    ],
)
def test_implausible_times_are_rejected(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(value)
    assert str(caught.value) == message


def test_date_alone_is_start_or_end_of_day() -> None:
    assert parse_time("2027-01-11") == datetime(2027, 1, 11)
    assert parse_end_time("2027-01-11") == datetime(2027, 1, 11, 23, 59, 59, 999_000)
    assert parse_end_time("2027-01-11 09:00:00") == datetime(2027, 1, 11, 9, 0)


def test_skipped_and_repeated_local_times_need_an_offset() -> None:
    new_york = ZoneInfo("America/New_York")
    with pytest.raises(ValueError) as skipped:
        to_epoch_ms(parse_time("2027-03-14 02:30:00"), new_york)
    assert str(skipped.value) == (
        "2027-03-14 02:30:00 does not exist in America/New_York (the clocks skip it for "
        "daylight saving); give a time with an offset"
    )
    with pytest.raises(ValueError) as repeated:
        to_epoch_ms(parse_time("2026-11-01 01:30:00"), new_york)
    assert str(repeated.value) == (
        "2026-11-01 01:30:00 occurs twice in America/New_York (the clocks go back for "
        "daylight saving); give a time with an offset"
    )
    with_offset = parse_time("2026-11-01T01:30:00-05:00")
    assert to_epoch_ms(with_offset, new_york) == 1_793_514_600_000


def test_results_use_site_offset() -> None:
    assert to_site_iso(EXPECTED_MS, SHANGHAI) == "2027-01-11T09:00:00+08:00"
    assert to_site_iso(EXPECTED_MS, UTC) == "2027-01-11T01:00:00+00:00"
    india = timezone(timedelta(hours=5, minutes=30))
    assert to_site_iso(EXPECTED_MS, india) == "2027-01-11T06:30:00+05:30"


def test_aware_datetime_passes_through() -> None:
    moment = datetime(2027, 1, 11, 1, 0, tzinfo=UTC)
    assert parse_time(moment) is moment
