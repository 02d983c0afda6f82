"""The gensee-sandbox command line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from gensee_mcp.sandbox.cli import build_parser, fault_rule_from_args, is_loopback, main
from gensee_mcp.sandbox.config import FaultRule

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_defaults() -> None:
    args = build_parser().parse_args([])

    assert (args.host, args.port, args.admin_login, args.admin_password) == (
        "127.0.0.1",
        8765,
        "admin",
        "admin123",
    )
    assert (args.timezone, args.seed, args.coursewares) == ("Asia/Shanghai", 0, 0)
    assert fault_rule_from_args(args) is None


def test_fault_options_build_one_rule() -> None:
    args = build_parser().parse_args(
        [
            *("--latency-ms", "50", "--failure-rate", "0.25", "--force-code", "-1"),
            *("--fault-path", "room/info", "--fault-times", "3"),
        ]
    )

    assert fault_rule_from_args(args) == FaultRule(
        path="room/info", latency_ms=50, failure_rate=0.25, force_code="-1", times=3
    )


def test_non_loopback_host_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", "0.0.0.0"])

    assert exit_info.value.code == 2
    assert "refusing to listen on 0.0.0.0" in capsys.readouterr().err


def test_invalid_fault_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "0", "--force-code", "300", "--fault-path", "room/nope"])

    assert exit_info.value.code == 2
    assert "unknown operation path 'room/nope'" in capsys.readouterr().err


def test_command_serves_site_with_fault() -> None:
    command = [sys.executable, "-m", "gensee_mcp.sandbox.cli", "--port", "0", "--seed", "3"]
    command += ["--force-code", "600", "--fault-path", "room/info", "--fault-times", "1"]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        match = re.fullmatch(
            r"Gensee sandbox site at (http://127\.0\.0\.1:\d+) \(administrator login: admin\)\n",
            first_line,
        )
        assert match, first_line
        url = match.group(1) + "/integration/site/training/room/info"
        fields = {"loginName": "admin", "password": "admin123", "roomId": "room01"}

        assert httpx.post(url, data=fields).json()["code"] == "600"
        assert httpx.post(url, data=fields).json()["code"] == "0"
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=10)

    assert stdout == ""
    assert "admin123" not in first_line + stderr
