"""The ``gensee-sandbox`` command: serve the sandbox site in the foreground."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from collections.abc import Sequence

from gensee_mcp.sandbox.app import create_app
from gensee_mcp.sandbox.config import MALFORMED_KINDS, FaultRule, MalformedKind, SandboxConfig
from gensee_mcp.sandbox.embedded import base_url_of, bind_socket, make_server


def is_loopback(host: str) -> bool:
    """Return whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``gensee-sandbox``."""
    parser = argparse.ArgumentParser(
        prog="gensee-sandbox",
        description="Serve a simulated Gensee training site with demo data, for trying the "
        "Gensee MCP server without an account and for tests. Demo accounts: the administrator "
        "below, teacher/teacher123 and expired/expired123 (password expired).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="TCP port; 0 picks a free one (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host; the site has known passwords",
    )
    parser.add_argument(
        "--admin-login", default="admin", help="administrator login name (default: %(default)s)"
    )
    parser.add_argument(
        "--admin-password",
        default="admin123",
        help="administrator plain password (default: %(default)s)",
    )
    parser.add_argument(
        "--timezone",
        default="Asia/Shanghai",
        help="site time zone for 'yyyy-MM-dd HH:mm:ss' times (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the demo data and generated IDs (default: %(default)s)",
    )
    parser.add_argument(
        "--coursewares",
        type=int,
        default=0,
        metavar="N",
        help="add N generated coursewares for bulk tests (default: %(default)s)",
    )
    parser.add_argument(
        "--concurrency-feature",
        action="store_true",
        help="enable the site feature that makes maxAttendees take effect",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="log level on stderr (default: %(default)s)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="log one line per API request: operation, return code and time",
    )

    faults = parser.add_argument_group("fault injection", "Options that build one fault rule.")
    faults.add_argument(
        "--fault-path",
        default="*",
        metavar="PATH",
        help="operation the rule applies to, such as room/created; '*' is every operation "
        "(default: %(default)s)",
    )
    faults.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        metavar="N",
        help="delay every matching request by N milliseconds",
    )
    faults.add_argument(
        "--failure-rate",
        type=float,
        metavar="R",
        help="probability 0-1 that a matching request fails; it fails with code 300 unless "
        "another effect is set",
    )
    faults.add_argument(
        "--force-code",
        metavar="C",
        help="respond to matching requests with return code C, such as 300, 600 or -1",
    )
    faults.add_argument(
        "--http-status",
        type=int,
        metavar="N",
        help="respond to matching requests with HTTP status N",
    )
    faults.add_argument(
        "--malformed",
        choices=MALFORMED_KINDS,
        help="respond to matching requests with a malformed body",
    )
    faults.add_argument(
        "--drop-connection",
        action="store_true",
        help="close the connection in the middle of each matching response",
    )
    faults.add_argument(
        "--fault-times",
        type=int,
        metavar="N",
        help="apply the rule to the next N matching requests only",
    )
    return parser


def fault_rule_from_args(args: argparse.Namespace) -> FaultRule | None:
    """Build the fault rule that the command-line options describe, if they describe one."""
    effects = (
        args.latency_ms,
        args.failure_rate is not None,
        args.force_code,
        args.http_status,
        args.malformed,
        args.drop_connection,
    )
    if not any(effects):
        return None
    malformed: MalformedKind | None = args.malformed
    return FaultRule(
        path=args.fault_path,
        latency_ms=args.latency_ms,
        failure_rate=args.failure_rate,
        force_code=args.force_code,
        drop_connection=args.drop_connection,
        malformed=malformed,
        http_status=args.http_status,
        times=args.fault_times,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sandbox site until interrupted; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.allow_remote and not is_loopback(args.host):
        parser.error(
            f"refusing to listen on {args.host}: the sandbox has publicly known passwords. "
            "Use a loopback address, or pass --allow-remote if you really mean it."
        )

    try:
        rule = fault_rule_from_args(args)
        config = SandboxConfig(
            admin_login=args.admin_login,
            admin_password=args.admin_password,
            timezone=args.timezone,
            seed=args.seed,
            extra_coursewares=args.coursewares,
            concurrency_feature=args.concurrency_feature,
            faults=(rule,) if rule is not None else (),
        )
        app = create_app(config)
    except ValueError as exc:
        parser.error(str(exc))

    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    access_level = logging.INFO if args.access_log else logging.WARNING
    logging.getLogger("gensee_mcp.sandbox.access").setLevel(access_level)

    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"gensee-sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(
        f"Gensee sandbox site at {base_url_of(sock)} (administrator login: {config.admin_login})",
        file=sys.stderr,
        flush=True,
    )
    make_server(app).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
