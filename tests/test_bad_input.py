"""Bad arguments: each is an isError result naming the argument and the rule, and nothing is sent.

The table below pins the exact message for each kind of mistake. The property test then draws
arguments for every tool from the tool's own inputSchema, as listed over MCP: valid ones must
come back as a result or a well-formed error, and invalid ones as an error naming the argument.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from mcp import Client
from mcp.types import CallToolResult, TextContent, Tool

from tests.conftest import Site, connect

START = {"subject": "Bad input", "startDate": "2030-01-07 09:00:00"}
TIME_HINT = (
    "is not an ISO 8601 time such as 2026-12-10T09:00:00+08:00, 'yyyy-MM-dd HH:mm:ss' "
    "(site time zone), or epoch milliseconds"
)
UNKNOWN = "is not an argument of this tool; check the spelling (names are camelCase)"
CALL_SECONDS = 30


def text_of(result: CallToolResult) -> str:
    """Return the one text item of a result."""
    assert len(result.content) == 1
    item = result.content[0]
    assert isinstance(item, TextContent)
    return item.text


def header(tool: str) -> str:
    return f"Invalid arguments for {tool}; nothing was sent to the site. Fix these and call again:"


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def client(sandbox_site: Site) -> AsyncIterator[Client]:
    async with connect(sandbox_site.env()) as session:
        yield session


CASES = [
    pytest.param(
        "get_room",
        {"roomId": 123},
        ["roomId: Input should be a valid string (got 123)"],
        id="type",
    ),
    pytest.param("get_room", {}, ["roomId: is required"], id="missing"),
    pytest.param(
        "get_room",
        {"roomId": ""},
        ["roomId: String should have at least 1 character (got '')"],
        id="empty_string",
    ),
    pytest.param(
        "get_room",
        {"roomId": "x" * 65},
        [f"roomId: is longer than any id the site issues (64 characters) (got '{'x' * 56}...)"],
        id="too_long_id",
    ),
    pytest.param(
        "get_room", {"roomId": "room01", "id": "room01"}, [f"id: {UNKNOWN}"], id="unknown"
    ),
    pytest.param(
        "get_room",
        {"roomId": 7, "room": "room01"},
        ["roomId: Input should be a valid string (got 7)", f"room: {UNKNOWN}"],
        id="two_errors",
    ),
    pytest.param(
        "create_room",
        {**START, "duration": 0},
        ["duration: Input should be greater than or equal to 1 (got 0)"],
        id="below_minimum",
    ),
    pytest.param(
        "create_room",
        {**START, "duration": 10081},
        ["duration: Input should be less than or equal to 10080 (got 10081)"],
        id="above_maximum",
    ),
    pytest.param(
        "create_room",
        {**START, "duration": "ten"},
        [
            "duration: Input should be a valid integer, unable to parse string as an integer "
            "(got 'ten')"
        ],
        id="not_integer",
    ),
    pytest.param(
        "create_room",
        {**START, "duration": 1.5},
        [
            "duration: Input should be a valid integer, got a number with a fractional part "
            "(got 1.5)"
        ],
        id="fraction",
    ),
    pytest.param(
        "create_room",
        {**START, "subject": "s" * 251},
        [f"subject: String should have at most 250 characters (got '{'s' * 56}...)"],
        id="too_long_subject",
    ),
    pytest.param(
        "create_room",
        {**START, "uiColor": "red"},
        ["uiColor: Input should be 'default', 'blue' or 'green' (got 'red')"],
        id="unknown_enum_text",
    ),
    pytest.param(
        "create_room",
        {**START, "uiMode": 7},
        ["uiMode: Input should be 1, 2, 3 or 4 (got 7)"],
        id="unknown_enum_number",
    ),
    pytest.param(
        "create_room",
        {**START, "webJoin": "maybe"},
        ["webJoin: Input should be a valid boolean, unable to interpret input (got 'maybe')"],
        id="not_boolean",
    ),
    pytest.param(
        "create_room",
        {**START, "startDate": "tomorrow"},
        [f"startDate: 'tomorrow' {TIME_HINT}"],
        id="malformed_time",
    ),
    pytest.param(
        "create_room",
        {**START, "startDate": "2030-02-30 09:00:00"},
        [f"startDate: '2030-02-30 09:00:00' {TIME_HINT}"],
        id="impossible_date",
    ),
    pytest.param(
        "create_room",
        {**START, "invalidDate": "2030-01-07 08:59:59"},
        ["arguments: invalidDate must not be before startDate"],
        id="end_before_start",
    ),
    pytest.param(
        "create_room",
        {**START, "webJoin": False, "clientJoin": False},
        [
            "arguments: webJoin and clientJoin cannot both be false: nobody could join; set one "
            "of them to true"
        ],
        id="nobody_can_join",
    ),
    pytest.param(
        "create_room",
        {**START, "teacherToken": "abcdef", "studentToken": "abcdef"},
        [
            "arguments: teacherToken and studentToken must differ: the four join tokens must be "
            "distinct; choose another value for one of them"
        ],
        id="duplicate_tokens",
    ),
    pytest.param(
        "create_room",
        {**START, "teacherToken": "abc"},
        ["teacherToken: String should have at least 6 characters (got 'abc')"],
        id="short_token",
    ),
    pytest.param(
        "create_room",
        {"startDate": START["startDate"], "subjct": "Typo"},
        ["subject: is required", f"subjct: {UNKNOWN}"],
        id="misspelt_required",
    ),
    pytest.param(
        "update_room",
        {"roomId": "room01", "webJoin": False, "clientJoin": False},
        [
            "arguments: webJoin and clientJoin cannot both be false: nobody could join; set one "
            "of them to true"
        ],
        id="update_nobody_can_join",
    ),
    pytest.param(
        "export_attendance",
        {"roomId": "room01", "startTime": "2026-11-10 00:00:00", "endTime": "2026-11-01"},
        ["arguments: endTime must not be before startTime"],
        id="export_end_before_start",
    ),
    pytest.param(
        "export_attendance",
        {"roomId": "room01", "startTime": "2026-11-10 00:00:00"},
        ["arguments: give both startTime and endTime, or neither for the most recent session"],
        id="export_half_range",
    ),
    pytest.param(
        "attach_playback_records",
        {"roomId": "room01", "recordIds": []},
        ["recordIds: List should have at least 1 item after validation, not 0 (got [])"],
        id="empty_list",
    ),
    pytest.param(
        "attach_playback_records",
        {"roomId": "room01", "recordIds": [5, "five"]},
        [
            "recordIds.1: Input should be a valid integer, unable to parse string as an integer "
            "(got 'five')"
        ],
        id="bad_list_item",
    ),
    pytest.param(
        "sync_records",
        {"pageNo": 0},
        ["pageNo: Input should be greater than or equal to 1 (got 0)"],
        id="page_zero",
    ),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("tool", "arguments", "lines"), CASES)
async def test_bad_argument_message(
    site: Site, client: Client, tool: str, arguments: dict[str, Any], lines: list[str]
) -> None:
    site.reset_stats()

    result = await client.call_tool(tool, arguments)

    assert result.is_error
    assert text_of(result) == "\n".join([header(tool), *(f"- {line}" for line in lines)])
    assert site.stats()["requests"] == 0


# Property test: arguments drawn from each tool's inputSchema.

TIME_ARGUMENTS = {"startDate", "invalidDate", "startTime", "endTime"}
# Real ids of the demo data, so that some valid calls reach existing objects.
KNOWN_IDS: dict[str, list[Any]] = {
    "roomId": ["room01", "room03", "room06"],
    "coursewareId": ["cw0001"],
}
# Pydantic 2's lax bool parser accepts yes/no, on/off, t/f, y/n, 1/0 and true/false in any case.
NOT_BOOLEAN = ["maybe", "sometimes", "2", "-1", "truthy"]
NOT_TIME = ["not a time", "2030-02-30 09:00:00", "31/12/2030", "2030-13-01", "soon"]
LETTERS = string.ascii_letters


def valid_time() -> st.SearchStrategy[str]:
    """Times within a month, in the accepted forms, so export ranges stay a few weeks long."""
    days = st.integers(min_value=1, max_value=28)
    hours = st.integers(min_value=0, max_value=23)
    return st.builds(
        lambda day, hour, form: form.format(day=day, hour=hour),
        days,
        hours,
        st.sampled_from(
            ["2026-11-{day:02d} {hour:02d}:00:00", "2026-11-{day:02d}T{hour:02d}:30:00+08:00"]
        ),
    )


def valid_arguments(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Draw arguments that the schema accepts, with real times and some real ids."""
    properties = schema.get("properties", {})
    patched = dict(schema)
    patched["properties"] = {
        name: ({"type": "string"} if name in TIME_ARGUMENTS else prop)
        for name, prop in properties.items()
    }

    def fill(arguments: dict[str, Any], times: list[str], ids: dict[str, Any]) -> dict[str, Any]:
        result = dict(arguments)
        given_times = sorted(name for name in result if name in TIME_ARGUMENTS)
        for name, value in zip(given_times, times, strict=False):
            result[name] = value
        for name, value in ids.items():
            if name in result:
                result[name] = value
        return result

    id_choices = {
        name: st.sampled_from(values) for name, values in KNOWN_IDS.items() if name in properties
    }
    return st.builds(
        fill,
        from_schema(patched),
        st.lists(valid_time(), min_size=4, max_size=4),
        st.fixed_dictionaries({}, optional=id_choices),
    )


def invalid_values(name: str, schema: dict[str, Any], required: bool) -> st.SearchStrategy[Any]:
    """Draw values that break the schema and that no lenient parser could turn valid."""
    options: list[st.SearchStrategy[Any]] = [st.just({"value": 1}), st.just([[1]])]
    if required:
        options.append(st.none())
    kind = schema.get("type")
    if name in TIME_ARGUMENTS:
        options.append(st.sampled_from(NOT_TIME))
    elif kind == "string":
        options += [st.integers(), st.booleans()]
        if "maxLength" in schema:
            options.append(
                st.integers(1, 20).map(lambda extra: "x" * (schema["maxLength"] + extra))
            )
        if schema.get("minLength", 0) >= 1:
            options.append(st.just(""))
        if "enum" in schema:
            options.append(st.text(LETTERS, min_size=1).filter(lambda v: v not in schema["enum"]))
    elif kind == "integer":
        options += [
            st.text(LETTERS, min_size=1),
            st.floats(allow_nan=False, allow_infinity=False).filter(
                lambda v: not float(v).is_integer()
            ),
        ]
        if "minimum" in schema:
            options.append(st.integers(max_value=schema["minimum"] - 1))
        if "maximum" in schema:
            options.append(st.integers(min_value=schema["maximum"] + 1))
        if "enum" in schema:
            options.append(st.integers().filter(lambda v: v not in schema["enum"]))
    elif kind == "boolean":
        options += [st.sampled_from(NOT_BOOLEAN), st.integers(min_value=2), st.floats(2, 9)]
    elif kind == "array":
        options += [st.integers(), st.text(LETTERS, min_size=1)]
        if schema.get("minItems", 0) >= 1:
            options.append(st.just([]))
        if "maxItems" in schema:
            options.append(st.just(list(range(1, schema["maxItems"] + 2))))
        if schema.get("items", {}).get("type") == "integer":
            options.append(st.lists(st.text(LETTERS, min_size=1), min_size=1, max_size=3))
    return st.one_of(options)


@st.composite
def invalid_arguments(draw: st.DrawFn, schema: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Break one argument of valid arguments; return them and the argument's name."""
    arguments = dict(draw(valid_arguments(schema)))
    properties: dict[str, Any] = schema.get("properties", {})
    required: list[str] = schema.get("required", [])
    choices = ["unknown", *(["missing"] if required else []), *(["value"] if properties else [])]
    how = draw(st.sampled_from(choices))

    if how == "unknown":
        name = draw(
            st.text(LETTERS, min_size=1, max_size=12).filter(lambda v: v not in properties)
        )
        arguments[name] = draw(st.one_of(st.integers(), st.text(max_size=5)))
    elif how == "missing":
        name = draw(st.sampled_from(required))
        arguments.pop(name, None)
    else:
        name = draw(st.sampled_from(sorted(properties)))
        arguments[name] = draw(invalid_values(name, properties[name], name in required))
    return arguments, name


def names_argument(text: str, name: str) -> bool:
    """Tell whether a validation message has a line about `name` (or an item of it)."""
    return any(line.startswith((f"- {name}:", f"- {name}.")) for line in text.splitlines()[1:])


def well_formed_error(tool: str, text: str) -> bool:
    """Tell whether an error is one of the server's own messages, not an unhandled exception."""
    return text.startswith(
        (f"Invalid arguments for {tool}", f"{tool} failed", f"{tool} was not sent")
    )


FUZZ_EXAMPLES = 300
# Counts of the property test, printed at the end for the record.
FUZZED: Counter[str] = Counter()


def test_fuzzed_arguments(site: Site) -> None:
    with start_blocking_portal(backend="asyncio") as portal:
        session = portal.wrap_async_context_manager(connect(site.env()))
        with session as client:
            tools: list[Tool] = portal.call(client.list_tools).tools

            async def call(tool: str, arguments: dict[str, Any]) -> CallToolResult:
                with anyio.fail_after(CALL_SECONDS):
                    return await client.call_tool(tool, arguments)

            @settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=[
                    HealthCheck.too_slow,
                    HealthCheck.data_too_large,
                    HealthCheck.filter_too_much,
                ],
            )
            @given(data=st.data())
            def check(data: st.DataObject) -> None:
                tool = data.draw(st.sampled_from(tools), label="tool")
                schema = tool.input_schema
                if data.draw(st.booleans(), label="valid"):
                    arguments = data.draw(valid_arguments(schema), label="arguments")
                    result = portal.call(call, tool.name, arguments)
                    FUZZED["valid"] += 1
                    assert isinstance(result, CallToolResult)
                    if result.is_error:
                        FUZZED["valid, isError"] += 1
                        assert well_formed_error(tool.name, text_of(result))
                    return

                arguments, name = data.draw(invalid_arguments(schema), label="invalid")
                before = site.stats()["requests"]
                result = portal.call(call, tool.name, arguments)
                FUZZED["invalid"] += 1
                assert isinstance(result, CallToolResult)
                assert result.is_error, (tool.name, arguments)
                text = text_of(result)
                assert text.startswith(header(tool.name)), text
                assert names_argument(text, name), (name, text)
                assert site.stats()["requests"] == before

            check()
            after = portal.call(client.list_tools).tools

    assert [tool.name for tool in after] == [tool.name for tool in tools]
    assert FUZZED["valid"] + FUZZED["invalid"] >= FUZZ_EXAMPLES
    print(f"\nfuzzed calls: {dict(FUZZED)} over {len(tools)} tools")
