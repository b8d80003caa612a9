"""LangGraph + SqliteSaver: an agent loop of STEPS steps (an agent node that
asks for a tool, a tool node that answers), every superstep checkpointed to
SQLite. Prints JSON: steps/s and the checkpoint database's bytes."""
import json
import operator
import os
import sqlite3
import sys
import tempfile
import time
from typing import Annotated, TypedDict

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, StateGraph

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


class State(TypedDict):
    messages: Annotated[list, operator.add]
    step: int


def agent(state):
    call = {"role": "assistant", "content": "working on it", "tool_calls": [{"id": f"call_{state['step']}", "name": "file_list", "args": {"path": "."}}]}
    return {"messages": [call], "step": state["step"] + 1}


def tool(state):
    return {"messages": [{"role": "tool", "tool_call_id": f"call_{state['step']}", "content": "[]"}]}


def route(state):
    return END if state["step"] >= STEPS else "tool"


def main():
    folder = tempfile.mkdtemp(prefix="lg-bench-")
    path = os.path.join(folder, "checkpoints.sqlite")
    conn = sqlite3.connect(path, check_same_thread=False)
    saver = SqliteSaver(conn)
    graph = StateGraph(State)
    graph.add_node("agent", agent)
    graph.add_node("tool", tool)
    graph.set_entry_point("agent")
    graph.add_conditional_edges("agent", route, {"tool": "tool", END: END})
    graph.add_edge("tool", "agent")
    app = graph.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "bench"}, "recursion_limit": STEPS * 3}
    started = time.perf_counter()
    app.invoke({"messages": [{"role": "user", "content": "benchmark"}], "step": 0}, config)
    seconds = time.perf_counter() - started
    conn.commit()
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    print(json.dumps({"steps": STEPS, "seconds": seconds, "steps_per_s": STEPS / seconds, "bytes_per_run": size}))


main()
