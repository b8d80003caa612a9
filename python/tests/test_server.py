"""The server over stdio, driven by the `mcp` client SDK."""

import json
import os
import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def _call(name, arguments, allow=""):
    params = StdioServerParameters(command=sys.executable, args=["-m", "openintern_tools"],
                                   env={**os.environ, "OPENINTERN_FETCH_ALLOW": allow})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            result = await session.call_tool(name, arguments)
            return tools, result


def run(coro):
    return anyio.run(lambda: coro)


def test_the_server_lists_its_tools_with_read_only_hints():
    tools, _ = run(_call("text_stats", {"text": "one two"}))
    by_name = {t.name: t for t in tools.tools}
    assert set(by_name) == {"text_stats", "json_query", "http_fetch"}
    assert by_name["text_stats"].annotations.read_only_hint is True


def test_text_stats_answers_structured_content():
    _, result = run(_call("text_stats", {"text": "Hello world. Hello again."}))
    assert result.is_error is False
    data = result.structured_content or json.loads(result.content[0].text)
    assert data["words"] == 4 and data["sentences"] == 2


def test_a_bad_query_is_a_tool_error():
    _, result = run(_call("json_query", {"document": "[1,2]", "query": "a.."}))
    assert result.is_error is True


def test_http_fetch_obeys_the_allow_list(loopback):
    _, refused = run(_call("http_fetch", {"url": loopback + "/hello"}))
    assert refused.is_error is True
    assert "allow-list" in refused.content[0].text
    _, fetched = run(_call("http_fetch", {"url": loopback + "/hello"}, allow="127.0.0.1"))
    assert fetched.is_error is False
    data = fetched.structured_content or json.loads(fetched.content[0].text)
    assert data["text"] == "hello from the loopback"
