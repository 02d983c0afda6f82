"""Server settings, read from GENSEE_* environment variables."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "GENSEE_"

TOOLSETS = (
    "rooms",
    "courseware",
    "records",
    "warmups",
    "documents",
    "exports",
    "transcoding",
    "teachers",
    "telephony",
)

_MD5_HEX = re.compile(r"^[0-9a-f]{32}$")
MIN_TOKEN_LENGTH = 16
# A whole value such as "${user_config.timezone}": MCP bundle hosts pass an optional setting
# the user left empty as its unexpanded placeholder, and some clients do the same for ${VAR}.
_PLACEHOLDER = re.compile(r"^\$\{[^}]*\}$")


class SettingsError(Exception):
    """A setting is missing or invalid; the message names the environment variable."""


class Settings(BaseSettings):
    """Server settings: the Gensee site, the account, and how the server behaves."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    site: str = Field(description="Site domain such as demo.gensee.com, or a base URL.")
    login_name: str = Field(min_length=1, description="Login name of the API account.")
    password: SecretStr | None = Field(default=None, description="Plain password.")
    password_md5: SecretStr | None = Field(
        default=None, description="Lowercase MD5 hex of the password."
    )
    timezone: str = Field(default="Asia/Shanghai", description="IANA name of the site's clock.")
    timeout: float = Field(default=30.0, gt=0, le=600, description="Read timeout, seconds.")
    connect_timeout: float = Field(
        default=10.0, gt=0, le=120, description="Connect timeout, seconds."
    )
    read_only: bool = Field(default=False, description="Register only read-only tools.")
    toolsets: Annotated[tuple[str, ...], NoDecode] = Field(
        default=TOOLSETS, description="Tool groups to register."
    )
    # Like a browser's limit per host: enough for paging to beat a sequential walk by 5x,
    # few enough that one call cannot flood the site.
    max_concurrency: int = Field(
        default=8, ge=1, le=16, description="Requests in flight for multi-page work."
    )
    retries: int = Field(default=3, ge=0, le=10, description="Retries of read-only calls.")
    hold_after_rejection: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Seconds calls are held after codes 200/201 (all) or 600 (that path).",
    )
    catalog_path: str | None = Field(default=None, description="Room catalog database file.")
    mcp_token: SecretStr | None = Field(
        default=None,
        description="Bearer token every HTTP request must carry; required off loopback.",
    )
    mcp_allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Host header values the HTTP transport accepts, or '*'."
    )
    mcp_allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Origin header values the HTTP transport accepts."
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_unset_values(cls, data: Any) -> Any:
        """Treat empty values and unexpanded placeholders as unset, so defaults apply."""
        if not isinstance(data, dict):
            return data
        return {
            key: value
            for key, value in data.items()
            if not (isinstance(value, str) and _is_unset(value))
        }

    @field_validator("site")
    @classmethod
    def _normalise_site(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value:
            raise ValueError("must not be empty")
        if "://" not in value:
            value = f"https://{value}"
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be http or https, not {scheme!r}")
        if not rest.split("/")[0]:
            raise ValueError("has no host name")
        if "?" in rest or "#" in rest or "@" in rest:
            raise ValueError("must be a plain domain or base URL, without query, fragment or user")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("password_md5")
    @classmethod
    def _check_md5(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        # The API wants lowercase hex; an uppercase copy from another tool means the same.
        digest = value.get_secret_value().strip().lower()
        if not _MD5_HEX.match(digest):
            raise ValueError("must be 32 hexadecimal digits, the MD5 of the password")
        return SecretStr(digest)

    @field_validator("toolsets", mode="before")
    @classmethod
    def _split_toolsets(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [name.strip().lower() for name in value.split(",") if name.strip()]
        if isinstance(value, list | tuple):
            unknown = [name for name in value if name not in TOOLSETS]
            if unknown:
                raise ValueError(
                    f"unknown toolset {', '.join(unknown)}; choose from {', '.join(TOOLSETS)}"
                )
            if not value:
                raise ValueError(f"must name at least one of {', '.join(TOOLSETS)}")
            return tuple(value)
        return value

    @field_validator("mcp_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_TOKEN_LENGTH:
            length = len(value.get_secret_value())
            raise ValueError(f"must be at least {MIN_TOKEN_LENGTH} characters long, not {length}")
        return value

    @field_validator("mcp_allowed_hosts", "mcp_allowed_origins", mode="before")
    @classmethod
    def _split_names(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(name.strip() for name in value.split(",") if name.strip())
        return value

    @model_validator(mode="after")
    def _require_password(self) -> Settings:
        if self.password is None and self.password_md5 is None:
            raise ValueError(
                "GENSEE_PASSWORD is not set: set it, or GENSEE_PASSWORD_MD5 to the lowercase "
                "MD5 hex of the password"
            )
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)

    def secret_md5(self) -> str:
        """Return the lowercase MD5 hex of the password, the form sent with sec=true."""
        if self.password_md5 is not None:
            return self.password_md5.get_secret_value()
        assert self.password is not None
        return hashlib.md5(self.password.get_secret_value().encode("utf-8")).hexdigest()


def _is_unset(value: str) -> bool:
    value = value.strip()
    return not value or _PLACEHOLDER.match(value) is not None


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment, raising SettingsError with one clear line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(describe_settings_error(exc)) from None


def describe_settings_error(exc: ValidationError) -> str:
    """Turn the first validation error into one line that names the variable."""
    error = exc.errors()[0]
    location = [str(part) for part in error["loc"]]
    if location:
        variable = ENV_PREFIX + location[0].upper()
        if error["type"] == "missing":
            return f"{variable} is not set: {_HINTS.get(location[0], 'set it and start again')}"
        message = str(error["msg"]).removeprefix("Value error, ")
        return f"{variable} is invalid: {message}"
    return str(error["msg"]).removeprefix("Value error, ")


_HINTS = {
    "site": "give the site domain, such as demo.gensee.com, or run with --sandbox",
    "login_name": "give the login name of the API account, or run with --sandbox",
}
