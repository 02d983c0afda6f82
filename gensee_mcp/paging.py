"""Paged syncs: one page, or every page fetched concurrently and merged in order."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from gensee_mcp.errors import GenseeError, ResponseFormatError
from gensee_mcp.operation import CallContext, Operation

PAGE_SIZE = 50
# Rows shown when maxItems is not given. Part of one page fits a context window easily, and a
# walk over every page shows more because the caller asked for everything.
PAGE_ROWS = 20
ALL_PAGES_ROWS = 500
MAX_ROWS = 5000


def paged(result_key: str, *, top_level_page: bool = False) -> Any:
    """Build a handler for a paged sync that can fetch all pages up to `maxItems` rows."""

    async def handler(op: Operation, context: CallContext, args: Any) -> dict[str, Any]:
        limit = args.maxItems or (ALL_PAGES_ROWS if args.allPages else PAGE_ROWS)
        first = await op.send(context, args)
        info = _page_info(first, top_level_page)
        rows = [(args.pageNo, row) for row in _rows(op, first)]
        failed: list[dict[str, Any]] = []

        if args.allPages:
            last = max(args.pageNo, _last_page(args.pageNo, info["totalPages"], limit))
            numbers = list(range(args.pageNo + 1, last + 1))
            pages, failed = await _fetch_pages(op, context, args, numbers)
            for number, page in pages:
                rows.extend((number, row) for row in page)
            rows = _unique(rows)

        return {
            "page": info,
            **_shape_pages(result_key, rows, limit, args, info),
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
) -> tuple[list[tuple[int, list[dict[str, Any]]]], list[dict[str, Any]]]:
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
    pages: list[tuple[int, list[dict[str, Any]]]] = []
    failed: list[dict[str, Any]] = []
    for number, outcome in zip(numbers, outcomes, strict=True):
        if isinstance(outcome, GenseeError):
            failed.append({"pageNo": number, "error": str(outcome)})
        else:
            pages.append((number, outcome))
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


def _unique(rows: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """Drop rows seen on an earlier page (items can shift between pages while paging)."""
    seen: set[Any] = set()
    unique = []
    for number, row in rows:
        key = row.get("id", row.get("Id"))
        marker = (key, row.get("uid"), row.get("startTime")) if "uid" in row else key
        if key is not None and marker in seen:
            continue
        seen.add(marker)
        unique.append((number, row))
    return unique


def _shape_pages(
    key: str,
    rows: list[tuple[int, dict[str, Any]]],
    limit: int,
    args: Any,
    info: dict[str, Any],
) -> dict[str, Any]:
    """Cap the rows and note exactly where the next call should start."""
    shown = rows[:limit]
    result: dict[str, Any] = {key: [row for _, row in shown], "count": len(shown)}
    total_pages = info.get("totalPages")
    if not rows:
        if isinstance(total_pages, int) and args.pageNo > max(total_pages, 1):
            result["note"] = f"Page {args.pageNo} is past the last page ({total_pages})."
        result["throughPage"] = args.pageNo
        return result

    last_page = shown[-1][0]
    result["throughPage"] = last_page
    if len(rows) <= limit:
        if args.allPages and isinstance(total_pages, int) and last_page < total_pages:
            result["truncated"] = True
            result["note"] = _stopped_note(last_page, total_pages, limit)
        return result
    result["truncated"] = True
    if not args.allPages:
        result["note"] = (
            f"Showing {len(shown)} of the {len(rows)} rows of page {args.pageNo}; pass "
            f"maxItems {len(rows)} to see the whole page."
        )
        return result
    on_last = sum(1 for number, _ in shown if number == last_page)
    result["note"] = (
        f"Showing {len(shown)} of {len(rows)} rows fetched, up to row {on_last} of page "
        f"{last_page}. Pass a larger maxItems (up to 5000), or go on with pageNo {last_page} "
        f"and skip its first {on_last} rows."
    )
    return result


def _stopped_note(last_page: int, total_pages: int, limit: int) -> str:
    """Say where an all-pages walk that maxItems cut short should go on."""
    note = (
        f"Stopped after page {last_page} of {total_pages} to keep within maxItems {limit}; "
        f"go on with pageNo {last_page + 1} and allPages true for the rest"
    )
    if limit < MAX_ROWS:
        note += f", or pass a larger maxItems (up to {MAX_ROWS})"
    return note + "."


def shape_rows(key: str, rows: list[Any], max_items: int, hint: str) -> dict[str, Any]:
    """Keep the first `max_items` rows and note how to get the rest."""
    shown = rows[:max_items]
    result: dict[str, Any] = {key: shown, "count": len(shown)}
    if len(rows) > max_items:
        result["truncated"] = True
        result["note"] = f"Showing {len(shown)} of {len(rows)} rows fetched; {hint}."
    return result
