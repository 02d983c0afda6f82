"""Paged syncs: one page, or every page fetched concurrently and merged in order."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from gensee_mcp.errors import GenseeError, ResponseFormatError
from gensee_mcp.operation import CallContext, Operation

PAGE_SIZE = 50


def paged(result_key: str, *, top_level_page: bool = False) -> Any:
    """Build a handler for a paged sync that can fetch all pages up to `maxItems` rows."""

    async def handler(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
        first = await op.send(context, args)
        info = _page_info(first, top_level_page)
        rows = _rows(op, first)
        failed: list[dict[str, Any]] = []
        last = args.pageNo

        if args.allPages:
            last = max(args.pageNo, _last_page(args.pageNo, info["totalPages"], args.maxItems))
            more = range(args.pageNo + 1, last + 1)
            pages, failed = await _fetch_pages(op, context, args, list(more))
            for page in pages:
                rows.extend(page)
            rows = _unique(rows)

        return {
            "page": info,
            "throughPage": last,
            **shape_rows(result_key, rows, args.maxItems, _hint(args, info)),
            **({"failedPages": failed} if failed else {}),
        }

    return handler


def _page_info(body: dict[str, Any], top_level: bool) -> dict[str, Any]:
    source = body if top_level else body.get("page") or {}
    if not isinstance(source, dict):
        source = {}
    return {key: source.get(key) for key in ("pageNo", "totalPages", "totalCounts")}


def _last_page(start: int, total_pages: Any, max_items: int) -> int:
    try:
        total = int(total_pages)
    except (TypeError, ValueError):
        total = start
    # Fetch no page beyond what maxItems can show.
    needed = start - 1 + math.ceil(max_items / PAGE_SIZE)
    return min(total, needed)


async def _fetch_pages(
    op: Operation, context: CallContext, args: Any, numbers: list[int]
) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    """Fetch pages with a bounded number in flight; a failed page is reported, not dropped."""
    if not numbers:
        return [], []
    limit = asyncio.Semaphore(context.settings.max_concurrency)
    total = len(numbers) + 1
    done = 1
    await context.report_progress(done, total, f"page 1 of {total}")

    async def fetch(number: int) -> list[dict[str, Any]] | GenseeError:
        nonlocal done
        async with limit:
            try:
                body = await op.send(context, args, pageNo=number)
                rows = _rows(op, body)
            except GenseeError as exc:
                rows_or_error: list[dict[str, Any]] | GenseeError = exc
            else:
                rows_or_error = rows
        done += 1
        await context.report_progress(done, total, f"{done} of {total} pages")
        return rows_or_error

    outcomes = await asyncio.gather(*(fetch(number) for number in numbers))
    pages: list[list[dict[str, Any]]] = []
    failed: list[dict[str, Any]] = []
    for number, outcome in zip(numbers, outcomes, strict=True):
        if isinstance(outcome, GenseeError):
            failed.append({"pageNo": number, "error": str(outcome)})
        else:
            pages.append(outcome)
    return pages, failed


def _rows(op: Operation, body: dict[str, Any]) -> list[dict[str, Any]]:
    rows = body.get("list")
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ResponseFormatError(
            f"the response's 'list' is {type(rows).__name__}, not a list", operation=op.path
        )
    return [row for row in rows if isinstance(row, dict)]


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop rows seen on an earlier page (items can shift between pages while paging)."""
    seen: set[Any] = set()
    unique = []
    for row in rows:
        key = row.get("id", row.get("Id"))
        marker = (key, row.get("uid"), row.get("startTime")) if "uid" in row else key
        if key is not None and marker in seen:
            continue
        seen.add(marker)
        unique.append(row)
    return unique


def _hint(args: Any, info: dict[str, Any]) -> str:
    if args.allPages:
        return "pass a larger maxItems (up to 5000) or a narrower startTime/endTime range"
    pages = info.get("totalPages")
    if isinstance(pages, int) and args.pageNo < pages:
        return f"pass a larger maxItems, pageNo {args.pageNo + 1}, or allPages true"
    return "pass a larger maxItems (up to 50 per page)"


def shape_rows(key: str, rows: list[Any], max_items: int, hint: str) -> dict[str, Any]:
    """Keep the first `max_items` rows and say how to get the rest."""
    shown = rows[:max_items]
    result: dict[str, Any] = {key: shown, "count": len(shown)}
    if len(rows) > max_items:
        result["truncated"] = True
        result["note"] = f"Showing {len(shown)} of {len(rows)} rows fetched; {hint}."
    return result
