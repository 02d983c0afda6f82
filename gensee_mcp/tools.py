"""Operations as MCP tools: validation, the call, and the one place errors become results."""

from __future__ import annotations

import json
import logging
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import func_metadata
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gensee_mcp.errors import GenseeError
from gensee_mcp.messages import (
    describe_bad_response,
    describe_gensee_error,
    describe_validation_error,
)
from gensee_mcp.operation import CallContext, Operation
from gensee_mcp.schema import input_schema, output_schema

logger = logging.getLogger(__name__)


async def _never_called() -> None:
    """Placeholder for the SDK's function metadata; each SchemaTool's run does the work."""


# Built once and shared: the SDK builds a pydantic model for every metadata it makes.
_NO_ARGUMENTS = func_metadata(_never_called)


class SchemaTool(Tool):
    """An MCP tool with flattened schemas that runs itself instead of a wrapped function."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    result_schema: dict[str, Any] = Field(exclude=True)

    @property
    def output_schema(self) -> dict[str, Any] | None:
        """The flattened schema of the tool's result."""
        return self.result_schema


def schema_tool_fields(
    *,
    name: str,
    title: str,
    description: str,
    args_model: type[BaseModel],
    result_model: type[BaseModel],
    annotations: ToolAnnotations,
) -> dict[str, Any]:
    """Return the fields every SchemaTool shares, with its schemas built once."""
    return {
        "fn": _never_called,
        "name": name,
        "title": title,
        "description": description,
        "parameters": input_schema(args_model),
        "fn_metadata": _NO_ARGUMENTS,
        "is_async": True,
        "context_kwarg": None,
        "annotations": annotations,
        "result_schema": output_schema(result_model),
    }


class OperationTool(SchemaTool):
    """An MCP tool that runs one operation of the table."""

    operation: Any = Field(exclude=True)
    runtime: Any = Field(exclude=True)

    async def run(
        self,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        convert_result: bool = False,
    ) -> CallToolResult:
        """Validate the arguments, call the site, and shape the result or the error."""
        op: Operation = self.operation
        try:
            args = op.input_model.model_validate(arguments)
        except ValidationError as exc:
            return error_result(describe_validation_error(op.name, exc))

        call = CallContext(
            client=self.runtime.client,
            settings=self.runtime.settings,
            report_progress=_progress_reporter(context),
            extras=self.runtime.extras,
        )
        try:
            data = await op.handler(op, call, args) if op.handler else await op.send(call, args)
            for observer in self.runtime.observers:
                await observer.on_success(op, args, data)
            result = op.output_model.model_validate(data, context={"zone": call.zone})
        except GenseeError as exc:
            logger.info("%s failed: %s", op.name, exc)
            for observer in self.runtime.observers:
                await observer.on_error(op, args, exc)
            return error_result(describe_gensee_error(op, exc))
        except ValidationError as exc:
            logger.warning("%s returned an unexpected response: %s", op.name, exc)
            return error_result(describe_bad_response(op, exc))
        except ValueError as exc:
            return error_result(f"Invalid arguments for {op.name}: {exc}")

        return success_result(op, result)


def success_result(op: Operation, result: BaseModel) -> CallToolResult:
    """Return the operation's result with its summary as the headline."""
    headline = op.summary(result) if op.summary else f"{op.title}: done."
    return shaped_result(headline, result)


def shaped_result(headline: str, result: BaseModel) -> CallToolResult:
    """Return structured content and a text that reads well on its own."""
    structured = result.model_dump(mode="json", exclude_none=True)
    text = headline + "\n" + json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
    )


def error_result(message: str) -> CallToolResult:
    """Return an isError result with one message."""
    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)


def _progress_reporter(context: Context[Any, Any]) -> Any:
    async def report(progress: float, total: float | None, message: str | None) -> None:
        try:
            await context.report_progress(progress, total, message)
        except (ValueError, RuntimeError):
            # Outside a request (direct calls in-process) there is no one to notify.
            return

    return report


def annotations_for(
    *, read_only: bool, destructive: bool, idempotent: bool, open_world: bool
) -> ToolAnnotations:
    """Return a tool's hints; a read-only tool leaves out the two that only writes have.

    The MCP specification gives destructiveHint and idempotentHint meaning only when
    readOnlyHint is false, so sending them for reads would only lengthen tools/list.
    """
    if read_only:
        return ToolAnnotations(read_only_hint=True, open_world_hint=open_world)
    return ToolAnnotations(
        read_only_hint=False,
        destructive_hint=destructive,
        idempotent_hint=idempotent,
        open_world_hint=open_world,
    )


def build_tool(op: Operation, runtime: Any) -> OperationTool:
    """Build the MCP tool for one operation."""
    return OperationTool(
        **schema_tool_fields(
            name=op.name,
            title=op.title,
            description=op.description,
            args_model=op.input_model,
            result_model=op.output_model,
            annotations=annotations_for(
                read_only=op.read_only,
                destructive=op.destructive,
                idempotent=op.idempotent,
                open_world=op.open_world,
            ),
        ),
        operation=op,
        runtime=runtime,
    )
