"""Authentication of API calls and the role rules of the site."""

from __future__ import annotations

import hashlib
import hmac

from gensee_mcp.sandbox.errors import ApiError
from gensee_mcp.sandbox.models import Courseware, Room, User
from gensee_mcp.sandbox.params import Params
from gensee_mcp.sandbox.store import Store


def md5_hex(text: str) -> str:
    """Return the lowercase hexadecimal MD5 digest of a UTF-8 string."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def authenticate(store: Store, params: Params) -> User:
    """Return the account named by ``loginName`` if ``password`` matches it.

    With ``sec=true`` the password is the lowercase hexadecimal MD5 of the plain password.
    Raises code "200" for missing or wrong credentials and "201" when the account's password
    has expired.
    """
    login = params.raw("loginName")
    password = params.raw("password")
    if not login or not password:
        raise ApiError("200", "authentication failed: loginName and password are required")

    user = store.users.get(login)
    encrypted = (params.raw("sec") or "").lower() == "true"
    if user is None:
        raise ApiError("200", "authentication failed: wrong loginName or password")
    expected = md5_hex(user.password) if encrypted else user.password
    if not hmac.compare_digest(expected.encode("utf-8"), password.encode("utf-8")):
        raise ApiError("200", "authentication failed: wrong loginName or password")

    if user.password_expired:
        raise ApiError(
            "201", "the password of this account has expired; set a new one on the site"
        )
    return user


def require_admin(user: User) -> None:
    """Raise code "500" unless the caller is an administrator."""
    if user.role != "admin":
        raise ApiError("500", "permission denied: this operation requires an administrator")


def check_room_access(user: User, room: Room) -> None:
    """Raise code "500" when a teacher touches a room someone else created."""
    if user.role == "teacher" and room.creator != user.uid:
        raise ApiError(
            "500",
            f"permission denied: room {room.id} was not created by {user.login}; "
            "teachers may only operate rooms they created",
        )


def check_courseware_access(store: Store, user: User, courseware: Courseware) -> None:
    """Raise code "500" when a teacher touches a courseware that is not theirs.

    A teacher owns the coursewares they created and those recorded in rooms they created.
    """
    if user.role != "teacher" or courseware.creator == user.uid:
        return
    room = store.rooms.get(courseware.room_id)
    if room is not None and room.creator == user.uid:
        return
    raise ApiError(
        "500",
        f"permission denied: courseware {courseware.id} does not belong to {user.login}; "
        "teachers may only operate coursewares of rooms they created",
    )
