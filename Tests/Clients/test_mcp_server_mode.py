"""The `mcp` Python SDK drives `oi-host mcp`: tools, run_agent with
progress, cancel, memory, run traces as resources."""

import json
import os
import subprocess
import time

import anyio
import pytest
from mcp import Client, StdioServerParameters

from conftest import cli, host_env


def server(host, env):
    return StdioServerParameters(command=host, args=["mcp"], env=env)


def structured(result):
    return result.structured_content or json.loads(result.content[0].text)


def test_tools_run_agent_with_progress_and_memory(host, data_dir):
    async def scenario():
        # mode "auto" probes server/discover first: the host answers -32601 at once and the client falls back to initialize.
        began = time.monotonic()
        async with Client(server(host, host_env(data_dir))) as client:
            assert time.monotonic() - began < 15
            tools = {t.name: t for t in (await client.list_tools()).tools}
            assert set(tools) == {"run_agent", "get_run", "list_runs", "memory_search", "memory_write"}
            assert tools["get_run"].annotations.read_only_hint is True
            progress = []

            async def on_progress(value, total, message):
                progress.append((value, message))

            result = await client.call_tool("run_agent", {"input": "hello there", "session_key": "mcp_s"}, progress_callback=on_progress)
            assert result.is_error is False
            run = structured(result)
            assert run["status"] == "completed" and run["stop_reason"] == "end_turn" and run["output"]
            assert run["run_id"].startswith("run_")
            assert progress and any(m == "completed" for _, m in progress)
            assert [v for v, _ in progress] == sorted(v for v, _ in progress)

            got = structured(await client.call_tool("get_run", {"run_id": run["run_id"]}))
            assert got["run_id"] == run["run_id"] and got["output"] == run["output"]
            listed = structured(await client.call_tool("list_runs", {"session_key": "mcp_s", "status": "completed"}))
            assert [r["run_id"] for r in listed["runs"]] == [run["run_id"]]

            trace = await client.read_resource(f"openintern://runs/{run['run_id']}")
            body = json.loads(trace.contents[0].text)
            assert any(e["type"] == "run.completed" for e in body["events"])
            templates = await client.list_resource_templates()
            assert templates.resource_templates[0].uri_template == "openintern://runs/{run_id}"

            queued = structured(await client.call_tool("run_agent", {"input": "later", "wait": False}))
            assert queued["status"] in ("pending", "running", "completed")

            written = structured(await client.call_tool("memory_write", {"tier": "archival", "title": "Deploys",
                                                                          "content": "Roll back production by redeploying the previous tag."}))
            hits = structured(await client.call_tool("memory_search", {"query": "how to roll back production", "k": 3}))
            assert hits["hits"][0]["memory_id"] == written["id"]

            bad = await client.call_tool("memory_search", {"k": 3})
            assert bad.is_error is True
            missing = await client.call_tool("get_run", {"run_id": "run_nothing"})
            assert missing.is_error is True

    anyio.run(scenario)


def test_a_cancelled_run_agent_call_cancels_its_run(host, data_dir, tmp_path):
    env = host_env(data_dir)
    model = tmp_path / "slow.json"
    model.write_text(json.dumps({"provider": "scripted", "script": {"turns": [{"text": "slow", "delay_ms": 60000}]}}))
    cli(host, env, "roles", "create", "slowpoke", "--prompt", "Take your time.", "--model-file", str(model))

    async def scenario():
        async with Client(server(host, env)) as client:
            started = anyio.Event()

            async def on_progress(value, total, message):
                if message == "started":
                    started.set()

            async def call():
                await client.call_tool("run_agent", {"input": "slowly", "role_id": "slowpoke", "session_key": "slow"},
                                       progress_callback=on_progress)

            async with anyio.create_task_group() as group:
                group.start_soon(call)
                with anyio.fail_after(30):
                    await started.wait()
                group.cancel_scope.cancel()
            with anyio.fail_after(30):
                while True:
                    runs = structured(await client.call_tool("list_runs", {"session_key": "slow"}))["runs"]
                    if runs and runs[0]["status"] == "cancelled":
                        break
                    await anyio.sleep(0.1)
            assert runs[0]["agent_id"].startswith("role:")

    anyio.run(scenario)


def test_server_discover_is_refused_at_once_and_ping_works_before_initialize(host, data_dir):
    proc = subprocess.Popen([host, "mcp"], env=host_env(data_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        proc.stdin.write('{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}}\n')
        proc.stdin.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n')
        proc.stdin.write('{"jsonrpc":"2.0","id":3,"method":"tools/list"}\n')
        proc.stdin.write('{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"raw"}}}\n')
        proc.stdin.write('{"jsonrpc":"2.0","id":5,"method":"initialize","params":{"protocolVersion":"2099-01-01","capabilities":{},"clientInfo":{"name":"raw"}}}\n')
        proc.stdin.flush()
        answers = {}
        while len(answers) < 5:
            line = proc.stdout.readline()
            assert line, "the host closed its output"
            message = json.loads(line)
            answers[message["id"]] = message
        assert answers[1]["error"]["code"] == -32601
        assert answers[2]["result"] == {}
        assert answers[3]["error"]["code"] == -32002
        assert answers[4]["result"]["protocolVersion"] == "2024-11-05"
        assert answers[4]["result"]["capabilities"]["tools"] is not None
        assert "error" in answers[5]
    finally:
        proc.stdin.close()
        proc.wait(timeout=20)
