"""A misbehaving-on-purpose MCP server for OpenIntern's MCP client tests.

Built on the `mcp` SDK's high-level `MCPServer` (mcp 2.x). Each tool drives
one path of the client: a tool that hangs until cancelled, one that kills the
process mid-call, ones that flood stderr (by lines or by megabytes), one
that answers with a text of any size, one that changes the tool list and
sends `notifications/tools/list_changed`, one that answers `isError`,
ones that return image, resource and structured content, and a read-only
`pause` that says when it ran (for the parallel tool batch tests).

    python test_mcp_server.py [--page-size N] [--name NAME]

`--page-size N` serves `tools/list` N tools per page (with `nextCursor`).
`MCP_TEST_MARKERS=DIR` makes tools leave marker files there (`started-hang`,
`cancelled-hang`, `pid`) so a test can see what happened inside the server.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import time
from pathlib import Path

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import (
    BlobResourceContents,
    CallToolResult,
    EmbeddedResource,
    ImageContent,
    ListToolsResult,
    TextContent,
    TextResourceContents,
    ToolAnnotations,
)

MARKERS = os.environ.get("MCP_TEST_MARKERS")
# A 1x1 transparent PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def mark(name: str, text: str = "") -> None:
    if MARKERS:
        Path(MARKERS).mkdir(parents=True, exist_ok=True)
        (Path(MARKERS) / name).write_text(text)


class PagedServer(MCPServer):
    """`tools/list` in pages of `page_size` (the SDK itself never pages)."""

    page_size: int = 0

    async def _handle_list_tools(self, ctx, params):  # type: ignore[override]
        tools = await self.list_tools()
        if self.page_size <= 0:
            return ListToolsResult(tools=tools)
        start = int(params.cursor) if params is not None and params.cursor else 0
        end = start + self.page_size
        return ListToolsResult(tools=tools[start:end], next_cursor=str(end) if end < len(tools) else None)


def build(name: str, page_size: int) -> MCPServer:
    app = PagedServer(name)
    app.page_size = page_size

    @app.tool()
    def echo(text: str) -> str:
        """Return the text unchanged."""
        return text

    @app.tool()
    async def hang(ctx: Context) -> str:
        """Never answer; leaves `cancelled-hang` when the client cancels."""
        mark("started-hang", ctx.request_id)
        try:
            await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            mark("cancelled-hang", ctx.request_id)
            raise
        return "unreachable"

    @app.tool()
    def crash(code: int = 3) -> str:
        """Kill this server process at once with exit status `code`."""
        sys.stderr.write(f"crashing with status {code}\n")
        sys.stderr.flush()
        os._exit(code)

    @app.tool()
    def flood_stderr(lines: int = 1000) -> str:
        """Write `lines` lines to stderr, then answer."""
        for i in range(lines):
            sys.stderr.write(f"flood line {i} " + "x" * 80 + "\n")
        sys.stderr.flush()
        return f"wrote {lines} lines"

    @app.tool()
    def flood_stderr_bytes(megabytes: int = 50) -> str:
        """Write `megabytes` MB of 100-byte lines to stderr as fast as possible, then answer."""
        line = "stderr flood " + "z" * 86 + "\n"
        block = line * 10_000
        for _ in range(megabytes * 1_000_000 // len(block)):
            sys.stderr.write(block)
        sys.stderr.flush()
        return f"wrote {megabytes} MB"

    @app.tool()
    def big(size: int) -> CallToolResult:
        """Answer with one text item of `size` bytes (its JSON-RPC line is about 100 bytes longer)."""
        return CallToolResult(content=[TextContent(type="text", text="y" * size)])

    @app.tool()
    async def add_tool(tool_name: str, ctx: Context) -> str:
        """Add a tool named `tool_name` and notify the client (tools/list_changed)."""

        def added(text: str = "") -> str:
            return f"{tool_name}: {text}"

        app.add_tool(added, name=tool_name, description=f"Added at run time as {tool_name}.")
        await ctx.session.send_tool_list_changed()
        return f"added {tool_name}"

    @app.tool()
    async def remove_tool(tool_name: str, ctx: Context) -> str:
        """Remove the tool `tool_name` and notify the client."""
        app.remove_tool(tool_name)
        await ctx.session.send_tool_list_changed()
        return f"removed {tool_name}"

    @app.tool()
    def fail(message: str = "it went wrong") -> str:
        """Answer with a tool error (isError) carrying `message`."""
        raise ToolError(message)

    @app.tool()
    def picture() -> CallToolResult:
        """An image, an embedded text resource and a blob resource."""
        return CallToolResult(
            content=[
                TextContent(type="text", text="a pixel"),
                ImageContent(type="image", data=base64.b64encode(PIXEL).decode(), mime_type="image/png"),
                EmbeddedResource(
                    type="resource",
                    resource=TextResourceContents(uri="file:///notes.txt", mime_type="text/plain", text="hello notes"),
                ),
                EmbeddedResource(
                    type="resource",
                    resource=BlobResourceContents(uri="file:///pixel.png", mime_type="image/png", blob=base64.b64encode(PIXEL).decode()),
                ),
            ]
        )

    @app.tool()
    def measure(text: str) -> dict[str, int]:
        """Structured output: the length and word count of `text`."""
        return {"length": len(text), "words": len(text.split())}

    @app.tool(annotations=ToolAnnotations(readOnlyHint=True))
    async def pause(ms: int, label: str = "") -> dict[str, object]:
        """Wait `ms` milliseconds, changing nothing; answers when it started and finished (seconds since the epoch)."""
        started = time.time()
        await anyio.sleep(ms / 1000)
        return {"label": label, "started": started, "finished": time.time()}

    @app.tool()
    def whoami() -> str:
        """This server's process id (also left as the `pid` marker)."""
        mark("pid", str(os.getpid()))
        return str(os.getpid())

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page-size", type=int, default=0)
    parser.add_argument("--name", default="oi-test")
    args = parser.parse_args()
    sys.stderr.write(f"test server {args.name} starting (pid {os.getpid()})\n")
    sys.stderr.flush()
    build(args.name, args.page_size).run()


if __name__ == "__main__":
    main()
