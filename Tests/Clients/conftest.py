"""Real Python clients (the `agent-client-protocol` and `mcp` SDKs) driving
the real `oi-host` binary over its stdio. Run by scripts/run-tests after the
Swift build; `OI_HOST_BIN` overrides the binary."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures" / "mcp"


def host_binary() -> str:
    path = os.environ.get("OI_HOST_BIN") or str(ROOT / ".build" / "debug" / "oi-host")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: build first (swift build)")
    return path


@pytest.fixture
def host():
    return host_binary()


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "project"
    path.mkdir()
    (path / "notes.md").write_text("# Notes\nthe answer is 42\n")
    return path


def host_env(data_dir, config=None, tmp=None, **extra) -> dict:
    """The host's environment: its own data folder, the scripted model, no config file unless given."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update({"DATA_DIR": str(data_dir), "OI_LOG_LEVEL": "warning", "LLM_PROVIDER": "scripted",
                "OI_CONFIG": "/nonexistent/agent.config.json", "SANDBOX_ENABLED": "false"})
    if config is not None:
        path = Path(tmp or data_dir.parent) / "agent.config.json"
        path.write_text(json.dumps(config))
        env["OI_CONFIG"] = str(path)
    env.update(extra)
    return env


def fixture_server() -> dict:
    """Our MCP test server (`Tests/Fixtures/mcp/test_mcp_server.py`) as an ACP `mcpServers` entry."""
    return {"name": "fixture", "command": sys.executable, "args": [str(FIXTURES / "test_mcp_server.py"), "--name", "acp-fixture"], "env": []}


def cli(host, env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([host, *args], env=env, capture_output=True, text=True, timeout=120, check=True)
