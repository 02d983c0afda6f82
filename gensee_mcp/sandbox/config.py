"""Settings of the sandbox site and of its fault rules."""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal, cast, get_args

MalformedKind = Literal["html", "empty", "invalid_json", "no_code", "wrong_type"]
MALFORMED_KINDS: tuple[str, ...] = get_args(MalformedKind)

# Accounts built into every sandbox besides the configured administrator.
RESERVED_LOGINS = ("teacher", "expired")


@dataclass(frozen=True)
class FaultRule:
    """A fault applied to API requests whose operation path matches ``path``.

    ``latency_ms`` delays every matching request. The failure effects (``force_code``,
    ``drop_connection``, ``malformed``, ``http_status``) apply with probability
    ``failure_rate``, or always when it is None. A rule with ``failure_rate`` but no failure
    effect fails with code "300". ``times`` limits the rule to the next N matching requests.
    ``params`` narrows the rule to requests that carry each of these parameter values, such as
    ``(("pageNo", "3"),)`` for the third page of a sync.
    """

    path: str = "*"
    latency_ms: int = 0
    failure_rate: float | None = None
    force_code: str | None = None
    drop_connection: bool = False
    malformed: MalformedKind | None = None
    http_status: int | None = None
    times: int | None = None
    params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.path:
            raise ValueError("fault path must not be empty; use '*' for every operation")
        if self.latency_ms < 0:
            raise ValueError(f"latency_ms must be >= 0, got {self.latency_ms}")
        if self.failure_rate is not None and not 0.0 <= self.failure_rate <= 1.0:
            raise ValueError(f"failure_rate must be between 0 and 1, got {self.failure_rate}")
        if self.force_code is not None and not self.force_code.lstrip("-").isdigit():
            raise ValueError(
                f"force_code must be a numeric code such as '300', got {self.force_code!r}"
            )
        if self.malformed is not None and self.malformed not in MALFORMED_KINDS:
            kinds = ", ".join(MALFORMED_KINDS)
            raise ValueError(f"malformed must be one of {kinds}, got {self.malformed!r}")
        if self.http_status is not None and not 200 <= self.http_status <= 599:
            raise ValueError(f"http_status must be between 200 and 599, got {self.http_status}")
        if self.times is not None and self.times < 1:
            raise ValueError(f"times must be >= 1, got {self.times}")
        if any(not name for name, _ in self.params):
            raise ValueError("a params name must not be empty")

    @property
    def has_failure(self) -> bool:
        """Whether the rule does more than add latency."""
        return (
            self.failure_rate is not None
            or self.force_code is not None
            or self.drop_connection
            or self.malformed is not None
            or self.http_status is not None
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FaultRule:
        """Build a rule from its JSON form, rejecting unknown keys and wrong types."""
        known = {name for name in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault rule keys: {', '.join(unknown)}")
        path = data.get("path", "*")
        if not isinstance(path, str):
            raise ValueError("path must be a string")
        force_code = data.get("force_code")
        if isinstance(force_code, int) and not isinstance(force_code, bool):
            force_code = str(force_code)
        malformed = data.get("malformed")
        if malformed is not None and malformed not in MALFORMED_KINDS:
            kinds = ", ".join(MALFORMED_KINDS)
            raise ValueError(f"malformed must be one of {kinds}, got {malformed!r}")
        drop_connection = data.get("drop_connection", False)
        if not isinstance(drop_connection, bool):
            raise ValueError("drop_connection must be true or false")
        return cls(
            path=path,
            latency_ms=_int_field(data, "latency_ms") or 0,
            failure_rate=_float_field(data, "failure_rate"),
            force_code=_optional_str(force_code, "force_code"),
            drop_connection=drop_connection,
            malformed=cast("MalformedKind | None", malformed),
            http_status=_int_field(data, "http_status"),
            times=_int_field(data, "times"),
            params=_params_field(data),
        )

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form of the rule."""
        return {**asdict(self), "params": dict(self.params)}

    def matches_params(self, params: Collection[tuple[str, str]]) -> bool:
        """Return whether a request with these parameters carries every value in ``params``."""
        return all(pair in params for pair in self.params)


def _int_field(data: Mapping[str, object], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return value


def _float_field(data: Mapping[str, object], name: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def _params_field(data: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Read ``{"pageNo": 3}``: parameter names to the values, compared as text."""
    value = data.get("params")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise ValueError(f"params must be an object of parameter names to values, got {value!r}")
    pairs = []
    for name, item in value.items():
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ValueError(
                f"params value of {name!r} must be a string or a number, got {item!r}"
            )
        pairs.append((str(name), str(item)))
    return tuple(pairs)


def _optional_str(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{name} must be a string, got {value!r}")


@dataclass(frozen=True)
class SandboxConfig:
    """Settings of one sandbox site.

    ``now_ms`` fixes the reference time that the demo data is built around (epoch
    milliseconds); by default it is the time the site starts. ``concurrency_feature`` enables
    the site's "specified concurrency" feature, without which ``maxAttendees`` has no effect.
    """

    admin_login: str = "admin"
    admin_password: str = field(default="admin123", repr=False)
    timezone: str = "Asia/Shanghai"
    seed: int = 0
    extra_coursewares: int = 0
    concurrency_feature: bool = False
    faults: tuple[FaultRule, ...] = field(default_factory=tuple)
    now_ms: int | None = None

    def __post_init__(self) -> None:
        if not self.admin_login:
            raise ValueError("admin_login must not be empty")
        if self.admin_login in RESERVED_LOGINS:
            raise ValueError(f"admin_login {self.admin_login!r} is used by a demo account")
        if not self.admin_password:
            raise ValueError("admin_password must not be empty")
        if self.extra_coursewares < 0:
            raise ValueError(f"extra_coursewares must be >= 0, got {self.extra_coursewares}")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The site time zone, used to read date strings without an offset."""
        return zoneinfo.ZoneInfo(self.timezone)
