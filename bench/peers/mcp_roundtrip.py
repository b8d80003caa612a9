"""The official Python MCP SDK over stdio: a client calling an `echo` tool of
a server built on the same SDK, one call at a time. Prints JSON: tools/call
and ping round trips per second, and spawn → initialized."""
import asyncio
import json
import sys
import time

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 500

SERVER = """
from mcp.server.mcpserver import MCPServer
app = MCPServer("echo")

@app.tool()
def echo(text: str) -> str:
    return text

app.run()
"""


async def main():
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-c", SERVER])
    spawned = time.perf_counter()
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            ready = time.perf_counter() - spawned
            await session.call_tool("echo", {"text": "warm"})
            started = time.perf_counter()
            for i in range(CALLS):
                await session.call_tool("echo", {"text": f"hello {i}"})
            calls = CALLS / (time.perf_counter() - started)
            started = time.perf_counter()
            for _ in range(CALLS):
                await session.send_ping()
            pings = CALLS / (time.perf_counter() - started)
    print(json.dumps({"calls_per_s": calls, "pings_per_s": pings, "initialize_s": ready}))


asyncio.run(main())
