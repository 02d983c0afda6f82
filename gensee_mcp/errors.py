"""Errors raised by the Gensee client.

GenseeError
├── ApiError                      the site answered with a non-zero return code
│   ├── FailureError              -1  failure
│   ├── ParameterError            101 parameter error
│   ├── ParameterConversionError  102 parameter conversion error
│   ├── AuthenticationError       200 authentication failed
│   ├── CredentialsExpiredError   201 password or token expired
│   ├── SystemError_              300 system error
│   ├── BusinessError             500 business error
│   ├── NotFoundError             501 data does not exist
│   ├── DuplicateError            502 duplicate data
│   ├── InterfaceDisabledError    600 interface disabled
│   └── UnknownCodeError          any other code
├── TransportError                the request did not complete (connection, TLS, HTTP status)
│   └── TimeoutError_             connect or read timed out
├── ResponseFormatError           the body is not the JSON the operation promises
└── HeldError                     not sent: the site rejected the account or the interface
                                  moments ago
"""

from __future__ import annotations


class GenseeError(Exception):
    """Base of every error the client raises; `operation` is the API path."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        # How many requests were sent before giving up; reads are retried, writes never.
        self.attempts = 1


class ApiError(GenseeError):
    """The site responded with a return code other than 0."""

    code = ""
    meaning = "error"

    def __init__(self, message: str, *, operation: str, code: str | None = None) -> None:
        super().__init__(message, operation=operation)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        detail = f": {self.message}" if self.message else ""
        return f"{self.operation} returned code {self.code} ({self.meaning}){detail}"


class FailureError(ApiError):
    """Code -1: the site reports a failure without a reason."""

    code = "-1"
    meaning = "failure"


class ParameterError(ApiError):
    """Code 101: a parameter is missing or breaks a rule."""

    code = "101"
    meaning = "parameter error"


class ParameterConversionError(ApiError):
    """Code 102: a parameter could not be converted to its type."""

    code = "102"
    meaning = "parameter conversion error"


class AuthenticationError(ApiError):
    """Code 200: the login name or password is wrong."""

    code = "200"
    meaning = "authentication failed"


class CredentialsExpiredError(ApiError):
    """Code 201: the account's password has expired."""

    code = "201"
    meaning = "password expired"


class SystemError_(ApiError):
    """Code 300: the site had an internal error."""

    code = "300"
    meaning = "system error"


class BusinessError(ApiError):
    """Code 500: the site refused the request for a business reason."""

    code = "500"
    meaning = "business error"


class NotFoundError(ApiError):
    """Code 501: the id does not exist on the site."""

    code = "501"
    meaning = "data does not exist"


class DuplicateError(ApiError):
    """Code 502: the data duplicates existing data."""

    code = "502"
    meaning = "duplicate data"


class InterfaceDisabledError(ApiError):
    """Code 600: the site's administrator has disabled this interface."""

    code = "600"
    meaning = "interface disabled"


class UnknownCodeError(ApiError):
    """A return code the API reference does not list."""

    meaning = "unknown return code"


class TransportError(GenseeError):
    """The request did not complete: connection refused or dropped, TLS, or HTTP status."""

    def __init__(
        self, message: str, *, operation: str, status: int | None = None, sent: bool = True
    ) -> None:
        super().__init__(message, operation=operation)
        self.status = status
        # False when the request cannot have reached the site (no connection was made).
        self.sent = sent


class TimeoutError_(TransportError):
    """The connect or read timeout ran out."""


class ResponseFormatError(GenseeError):
    """The response body is not the JSON the operation promises."""

    def __init__(self, message: str, *, operation: str, excerpt: str = "") -> None:
        super().__init__(message, operation=operation)
        self.excerpt = excerpt


class HeldError(GenseeError):
    """A call that was not sent because an identical rejection came back moments ago.

    After code 200 or 201 every call is held, and after code 600 calls to that path, for a
    short time, so that an assistant retrying in a loop cannot lock the account.
    """

    def __init__(self, cause: ApiError, *, operation: str, age: float, hold: float) -> None:
        super().__init__(str(cause), operation=operation)
        self.cause = cause
        self.age = age
        self.hold = hold


CODE_ERRORS: dict[str, type[ApiError]] = {
    cls.code: cls
    for cls in (
        FailureError,
        ParameterError,
        ParameterConversionError,
        AuthenticationError,
        CredentialsExpiredError,
        SystemError_,
        BusinessError,
        NotFoundError,
        DuplicateError,
        InterfaceDisabledError,
    )
}


def error_for_code(code: str, message: str, operation: str) -> ApiError:
    """Build the error class that matches a non-zero return code."""
    cls = CODE_ERRORS.get(code, UnknownCodeError)
    return cls(message, operation=operation, code=code)
