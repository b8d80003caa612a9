"""The MCP server: `openintern-tools` (or `python -m openintern_tools`) serves
the tools on stdio."""

from __future__ import annotations

import argparse
import os
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations

from . import tools

READ_ONLY = ToolAnnotations(readOnlyHint=True, openWorldHint=False)


def build(allow: list[str]) -> MCPServer:
    app = MCPServer("openintern-tools", instructions="Text statistics, JSON queries, and HTTP GETs to allow-listed hosts.")

    @app.tool(annotations=READ_ONLY)
    def text_stats(text: str, top: int = 10) -> dict[str, Any]:
        """Statistics of a text: characters, words, lines, sentences, paragraphs, average word length, reading time and the most frequent words."""
        return tools.text_stats(text, top)

    @app.tool(annotations=READ_ONLY)
    def json_query(document: str, query: str) -> dict[str, Any]:
        """Values of a JSON document (given as text) at a JSONPath-like query: keys (a.b), indexes ([0], [-1]), wildcards ([*]) and recursive descent (..key)."""
        try:
            return tools.json_query(document, query)
        except tools.QueryError as e:
            raise ToolError(str(e)) from None

    @app.tool(annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=True))
    def http_fetch(url: str, max_bytes: int = 100_000) -> dict[str, Any]:
        """GET a URL whose host is on the server's allow-list (OPENINTERN_FETCH_ALLOW); answers the status, content type and body text (cut at max_bytes)."""
        try:
            return tools.http_fetch(url, allow, max_bytes=max(1, min(max_bytes, 5_000_000)))
        except tools.FetchRefused as e:
            raise ToolError(str(e)) from None
        except OSError as e:
            raise ToolError(f"fetch failed: {e}") from None

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--allow", default=os.environ.get("OPENINTERN_FETCH_ALLOW", ""),
                        help="comma-separated hosts http_fetch may reach (host, host:port, *.domain)")
    args = parser.parse_args()
    build(tools.parse_allow_list(args.allow)).run()


if __name__ == "__main__":
    main()
