"""The Agent Client Protocol's Python client drives `oi-host acp` (and the
auto-detecting `oi-host`): initialize, a session with an MCP server, a
prompt streamed to its end, permissions, cancel, load."""

import asyncio
import json

import acp
import pytest
from acp.schema import AllowedOutcome, DeniedOutcome, ReadTextFileResponse, RequestPermissionResponse, WriteTextFileResponse

from conftest import fixture_server, host_env


class Editor:
    """A scripted editor: records every update, answers permission requests
    with the next queued choice, serves files from memory over disk."""

    def __init__(self, choices=()):
        self.updates = []
        self.choices = list(choices)
        self.permissions = []
        self.reads = []
        self.writes = {}
        self.update_seen = asyncio.Event()

    async def session_update(self, session_id, update, **kwargs):
        self.updates.append(update.model_dump(by_alias=True, exclude_none=True))
        self.update_seen.set()

    async def request_permission(self, session_id, tool_call, options, **kwargs):
        self.permissions.append({"tool_call": tool_call.model_dump(by_alias=True, exclude_none=True),
                                 "kinds": [o.kind for o in options]})
        choice = self.choices.pop(0) if self.choices else None
        if choice is None:
            return RequestPermissionResponse(outcome=DeniedOutcome(outcome="cancelled"))
        option = next(o for o in options if o.kind == choice)
        return RequestPermissionResponse(outcome=AllowedOutcome(outcome="selected", option_id=option.option_id))

    async def read_text_file(self, session_id, path, line=None, limit=None, **kwargs):
        self.reads.append(path)
        if path in self.writes:
            return ReadTextFileResponse(content=self.writes[path])
        with open(path) as f:
            return ReadTextFileResponse(content="(from the editor) " + f.read())

    async def write_text_file(self, session_id, path, content, **kwargs):
        self.writes[path] = content
        return WriteTextFileResponse()

    def kinds(self):
        return [u["sessionUpdate"] for u in self.updates]

    def text(self, kind="agent_message_chunk"):
        return "".join(u["content"]["text"] for u in self.updates if u["sessionUpdate"] == kind)


def agent(*turns, then=None, **extra):
    """`_meta.openintern` for session/prompt (`conn.prompt(..., openintern=agent(…))`):
    the run's agent block with a scripted model."""
    script = {"turns": list(turns)}
    if then:
        script["then"] = then
    return {"agent": {"script": script, **extra}}


async def start(editor, host, env, *args, capabilities=True):
    cm = acp.spawn_agent_process(editor, host, *(args or ("acp",)), env=env)
    conn, proc = await cm.__aenter__()
    fs = acp.schema.FileSystemCapabilities(read_text_file=True, write_text_file=True) if capabilities else None
    init = await conn.initialize(protocol_version=acp.PROTOCOL_VERSION,
                                 client_capabilities=acp.schema.ClientCapabilities(fs=fs) if fs else None,
                                 client_info=acp.schema.Implementation(name="pytest-editor", version="1"))
    return cm, conn, init


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 120))


def test_a_prompt_streams_to_its_end_with_an_mcp_server_and_the_editors_files(host, data_dir, project):
    async def scenario():
        editor = Editor()
        cm, conn, init = await start(editor, host, host_env(data_dir))
        try:
            assert init.protocol_version == 1
            assert init.agent_capabilities.load_session is True
            assert init.agent_capabilities.prompt_capabilities.image is True
            session = await conn.new_session(cwd=str(project), mcp_servers=[fixture_server()])
            assert session.session_id.startswith("sess_")
            reply = await conn.prompt(
                session_id=session.session_id, prompt=[acp.text_block("Read my notes and echo them")],
                openintern=agent(
                    {"text": "Reading.", "tool_calls": [
                        {"id": "c1", "name": "read_file", "arguments": {"path": "notes.md"}},
                        {"id": "c2", "name": "fixture__echo", "arguments": {"text": "ping"}},
                        {"id": "c3", "name": "update_plan", "arguments": {"entries": [{"content": "read notes", "status": "completed"}]}}]},
                    {"text": "The answer is 42.", "chunks": 3}))
            assert reply.stop_reason == "end_turn"
            kinds = editor.kinds()
            assert "tool_call" in kinds and "tool_call_update" in kinds and "plan" in kinds
            assert "The answer is 42." in editor.text()
            done = {u["toolCallId"]: u for u in editor.updates if u["sessionUpdate"] == "tool_call_update" and u.get("status") == "completed"}
            assert "ping" in json.dumps(done["c2"])
            assert "(from the editor)" in json.dumps(done["c1"])
            assert editor.reads == [str(project / "notes.md")]
            start_c1 = next(u for u in editor.updates if u["sessionUpdate"] == "tool_call" and u["toolCallId"] == "c1")
            assert start_c1["kind"] == "read" and start_c1["locations"][0]["path"] == str(project / "notes.md")
            plan = next(u for u in editor.updates if u["sessionUpdate"] == "plan")
            assert plan["entries"][0]["content"] == "read notes"
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_permissions_allow_once_then_reject_always(host, data_dir, project):
    config = {"tools": {"rules": [{"action": "ask", "tool": "write_file"}]}}

    async def scenario():
        editor = Editor(choices=["allow_once", "reject_always"])
        cm, conn, _ = await start(editor, host, host_env(data_dir, config))
        try:
            session = await conn.new_session(cwd=str(project), mcp_servers=[])
            write = lambda text: {"tool_calls": [{"name": "write_file", "arguments": {"path": "out.md", "content": text}}]}
            first = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("write it")],
                                      openintern=agent(write("one"), {"text": "written"}))
            assert first.stop_reason == "end_turn"
            assert editor.permissions[0]["kinds"] == ["allow_once", "allow_always", "reject_once", "reject_always"]
            assert editor.writes == {str(project / "out.md"): "one"}
            diff = next(u for u in editor.updates if u["sessionUpdate"] == "tool_call")["content"][0]
            assert diff["type"] == "diff" and diff["newText"] == "one"
            second = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("again")],
                                       openintern=agent(write("two"), write("three"), {"text": "gave up"}))
            assert second.stop_reason == "end_turn"
            # Rejected always: asked once, the next call is blocked without asking.
            assert len(editor.permissions) == 2
            assert editor.writes[str(project / "out.md")] == "one"
            failed = [u for u in editor.updates if u["sessionUpdate"] == "tool_call_update" and u.get("status") == "failed"]
            assert any("always reject" in json.dumps(u) for u in failed)
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_cancel_mid_run_answers_cancelled(host, data_dir, project):
    async def scenario():
        editor = Editor()
        cm, conn, _ = await start(editor, host, host_env(data_dir))
        try:
            session = await conn.new_session(cwd=str(project), mcp_servers=[])
            prompt = asyncio.create_task(conn.prompt(
                session_id=session.session_id, prompt=[acp.text_block("take your time")],
                openintern=agent({"text": "Thinking very slowly about this", "chunks": 6, "chunk_delay_ms": 2000})))
            await asyncio.wait_for(editor.update_seen.wait(), 30)
            loop = asyncio.get_running_loop()
            began = loop.time()
            await conn.cancel(session_id=session.session_id)
            reply = await asyncio.wait_for(prompt, 30)
            assert reply.stop_reason == "cancelled"
            assert loop.time() - began < 8
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_a_session_loads_in_a_new_process_with_its_history(host, data_dir, project):
    async def scenario():
        first = Editor()
        cm, conn, _ = await start(first, host, host_env(data_dir))
        try:
            session = await conn.new_session(cwd=str(project), mcp_servers=[fixture_server()])
            await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("What is six times seven?")],
                              openintern=agent({"tool_calls": [{"id": "e1", "name": "fixture__echo", "arguments": {"text": "6*7"}}]},
                                               {"text": "Forty-two."}))
        finally:
            await cm.__aexit__(None, None, None)
        second = Editor()
        cm, conn, _ = await start(second, host, host_env(data_dir))
        try:
            await conn.load_session(cwd=str(project), session_id=session.session_id, mcp_servers=[fixture_server()])
            assert "What is six times seven?" in second.text("user_message_chunk")
            assert "Forty-two." in second.text()
            assert any(u["sessionUpdate"] == "tool_call" and u["toolCallId"] == "e1" for u in second.updates)
            # The session goes on where it was: its history reaches the next run.
            reply = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("And again?")])
            assert reply.stop_reason == "end_turn"
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_the_plain_host_switches_to_acp_on_an_integer_protocol_version(host, data_dir, project):
    async def scenario():
        editor = Editor()
        cm, conn, init = await start(editor, host, host_env(data_dir), "--log-level", "warning")
        try:
            assert init.protocol_version == 1
            session = await conn.new_session(cwd=str(project), mcp_servers=[])
            reply = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("hello")])
            assert reply.stop_reason == "end_turn"
            assert editor.text()
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_stop_reasons_and_failures(host, data_dir, project):
    async def scenario():
        editor = Editor()
        cm, conn, _ = await start(editor, host, host_env(data_dir))
        try:
            session = await conn.new_session(cwd=str(project), mcp_servers=[])
            looping = {"tool_calls": [{"name": "list_files", "arguments": {}}]}
            steps = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("loop")],
                                      openintern=agent(looping, then="repeat_last", max_steps=1))
            assert steps.stop_reason == "max_turn_requests"
            capped = await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("long")],
                                       openintern=agent({"text": "cut", "finish": "max_tokens"}))
            assert capped.stop_reason == "max_tokens"
            with pytest.raises(acp.RequestError) as failure:
                await conn.prompt(session_id=session.session_id, prompt=[acp.text_block("fail")],
                                  openintern=agent({"error": {"message": "bad request", "status": 400}}))
            assert failure.value.data["stop_reason"] == "error"
            # An image becomes an upload the run takes as an attachment.
            pictured = await conn.prompt(session_id=session.session_id,
                                         prompt=[acp.text_block("What is this?"), {"type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"}])
            assert pictured.stop_reason == "end_turn"
            with pytest.raises(acp.RequestError):
                await conn.prompt(session_id=session.session_id, prompt=[{"type": "audio", "data": "AAAA", "mimeType": "audio/wav"}])
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())


def test_a_working_folder_inside_the_data_folder_is_refused(host, data_dir, project):
    async def scenario():
        cm, conn, _ = await start(Editor(), host, host_env(data_dir))
        try:
            inside = data_dir / "sub"
            inside.mkdir()
            with pytest.raises(acp.RequestError):
                await conn.new_session(cwd=str(inside), mcp_servers=[])
            with pytest.raises(acp.RequestError):
                await conn.new_session(cwd="relative/path", mcp_servers=[])
        finally:
            await cm.__aexit__(None, None, None)

    run(scenario())
