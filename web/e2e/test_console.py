"""The web console in a real Chromium against a real adapter and host (the
scripted model): chat with a streamed answer and an approval, the trace's
timeline, a team's decision on the blackboard, skills, the 401 and
adapter-down states, and every page at 1280 px and 390 px."""
import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

SCOPE = {"x-org-id": "org_default", "x-user-id": "user_default"}
WIDTHS = (1280, 390)

STREAMED = "Streaming one token at a time, slowly enough to watch it arrive."


def api(base, method, path, body=None, headers=SCOPE):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def wait_status(base, run_id, statuses, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        run = api(base, "GET", f"/api/runs/{run_id}")
        if run["status"] in statuses:
            return run
        time.sleep(0.2)
    raise AssertionError(f"{run_id} never reached {statuses}")


def set_agent(page: Page, agent: dict):
    if page.locator("details.run-options").get_attribute("open") is None:
        page.get_by_text("Run options").click()
    page.get_by_label("Agent (JSON").fill(json.dumps(agent))


def send(page: Page, text: str):
    box = page.get_by_label("Message", exact=True)
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")


def test_a_chat_message_streams_its_answer_token_by_token(page: Page, screenshots):
    page.goto("/?session=s_e2e_chat")
    expect(page.get_by_text("No messages yet")).to_be_visible()
    set_agent(page, {"script": {"turns": [{"text": STREAMED, "chunks": 14, "chunk_delay_ms": 150}]}})
    box = page.get_by_label("Message", exact=True)
    box.fill("Say something")
    box.press("Shift+Enter")
    box.type("on two lines")
    expect(box).to_have_value("Say something\non two lines")
    box.press("Enter")
    expect(box).to_have_value("")
    turn = page.locator("article.turn").last
    expect(turn.locator(".bubble.user")).to_have_text("Say something\non two lines")
    streaming = turn.locator(".bubble-text.streaming")
    expect(streaming).to_be_visible(timeout=30_000)
    partial = streaming.inner_text()
    assert partial and len(partial) < len(STREAMED), f"the answer arrived whole: {partial!r}"
    page.screenshot(path=str(screenshots / "chat-streaming-1280.png"))
    expect(turn.locator(".badge")).to_have_text("completed", timeout=30_000)
    expect(turn.locator(".bubble.assistant .bubble-text").first).to_have_text(STREAMED)
    expect(streaming).to_have_count(0)
    # The session is listed, and the conversation is there after a reload.
    expect(page.get_by_role("button", name=re.compile("s_e2e_chat"))).to_be_visible()
    page.reload()
    expect(page.locator("article.turn").last.locator(".bubble.assistant")).to_contain_text(STREAMED)


def test_a_file_is_attached_to_a_chat_message(page: Page, adapter):
    page.goto("/?session=s_e2e_attach")
    set_agent(page, {"script": {"turns": [{"text": "I read the notes."}]}})
    page.get_by_label("Attach files").set_input_files(files=[{"name": "notes.md", "mimeType": "text/markdown", "buffer": b"# Notes\nShip on Friday"}])
    attached = page.get_by_role("list", name="Attached files")
    expect(attached).to_contain_text("notes.md")
    send(page, "Summarise my notes")
    expect(attached).to_have_count(0)
    turn = page.locator("article.turn").last
    expect(turn.locator(".badge")).to_have_text("completed", timeout=30_000)
    run_id = turn.get_attribute("data-run-id")
    # The run took the upload: its start names it, and the upload holds the file's bytes.
    started = api(adapter.url, "GET", f"/api/runs/{run_id}/events?type=run.started")["events"][0]
    uploads = started["payload"]["agent"]["attachments"]
    # By reference, never inline: id, name, type, size.
    assert len(uploads) == 1, started
    assert uploads[0]["name"] == "notes.md" and uploads[0]["mime_type"] == "text/markdown" and uploads[0]["size"] == 22, started
    request = urllib.request.Request(f"{adapter.url}/api/uploads/{uploads[0]['upload_id']}", headers=SCOPE)
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read() == b"# Notes\nShip on Friday"
        assert response.headers["Content-Type"] == "text/markdown"


APPROVAL_AGENT = {"script": {"turns": [
    {"text": "I'll write that down first.", "tool_calls": [{"name": "file_write", "arguments": {"path": "notes/e2e.md", "content": "approved from the console"}}]},
    {"text": "Written to notes/e2e.md."},
]}}


def test_a_waiting_tool_call_is_approved_from_the_chat(page: Page, screenshots):
    page.goto("/?session=s_e2e_approve")
    set_agent(page, APPROVAL_AGENT)
    send(page, "Write a note")
    turn = page.locator("article.turn").last
    call = turn.locator(".tool-call")
    expect(call.locator(".tool-state")).to_have_text("needs approval", timeout=30_000)
    expect(turn.locator(".badge")).to_have_text("waiting approval")
    expect(call).to_contain_text("approved from the console")  # the arguments are shown
    group = call.get_by_role("group", name="Approve file_write")
    for name in ("Allow once", "Allow always", "Deny…", "Edit arguments…"):
        expect(group.get_by_role("button", name=name)).to_be_visible()
    page.screenshot(path=str(screenshots / "chat-approval-1280.png"))
    group.get_by_role("button", name="Allow once").click()
    expect(call.locator(".tool-state")).to_have_text("done", timeout=30_000)
    expect(turn.locator(".badge")).to_have_text("completed", timeout=30_000)
    expect(turn).to_contain_text("Written to notes/e2e.md.")
    # Collapsible: it stays open after the decision, closes and opens again.
    head = call.locator(".tool-head")
    expect(call.get_by_role("heading", name="Result")).to_be_visible()
    head.click()
    expect(head).to_have_attribute("aria-expanded", "false")
    expect(call.get_by_role("heading", name="Result")).to_have_count(0)
    head.click()
    expect(call.get_by_role("heading", name="Result")).to_be_visible()


def test_a_tool_call_is_denied_with_a_reason_and_a_run_can_be_stopped(page: Page):
    page.goto("/?session=s_e2e_deny")
    set_agent(page, APPROVAL_AGENT)
    send(page, "Write a note")
    turn = page.locator("article.turn").last
    call = turn.locator(".tool-call")
    expect(call.locator(".tool-state")).to_have_text("needs approval", timeout=30_000)
    call.get_by_role("button", name="Deny…").click()
    call.get_by_label("Reason").fill("not today")
    call.get_by_role("button", name="Deny", exact=True).click()
    expect(call.locator(".tool-state")).to_have_text("denied", timeout=30_000)
    expect(turn.locator(".badge")).to_have_text("completed", timeout=30_000)
    # A slow run, stopped from the composer.
    set_agent(page, {"script": {"turns": [{"text": "This takes a long while to say.", "chunks": 20, "chunk_delay_ms": 1000}]}})
    send(page, "Talk slowly")
    second = page.locator("article.turn").last
    expect(second.locator(".badge")).to_have_text("running", timeout=30_000)
    page.get_by_role("button", name="Stop").click()
    expect(second.locator(".badge")).to_have_text("cancelled", timeout=30_000)


def test_the_trace_draws_the_runs_steps_as_a_timeline_and_follows_a_live_run(page: Page, adapter, screenshots):
    base = adapter.url
    run = api(base, "POST", "/api/runs", {"input": "List the workspace", "session_key": "s_e2e_trace", "agent": {"script": {"turns": [
        {"text": "Looking first.", "tool_calls": [{"name": "file_list", "arguments": {}}]},
        {"text": "The workspace is listed."},
    ]}}})
    run_id = run["run_id"]
    wait_status(base, run_id, {"completed"})
    page.goto("/runs")
    row = page.locator(f'tr[data-run-id="{run_id}"]')
    expect(row.locator(".badge")).to_have_text("completed")
    expect(row.locator("td").nth(6)).to_have_text("2")  # steps
    row.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(f"/trace/{run_id}$"))
    waterfall = page.get_by_role("table", name="Timeline of the run")
    expect(waterfall.locator('[data-span-kind="step"]')).to_have_count(2)
    expect(waterfall.locator('[data-span-kind="model"]')).to_have_count(2)
    expect(waterfall.locator('[data-span-kind="tool"]')).to_have_count(1)
    tool_row = waterfall.locator('[data-span-kind="tool"]')
    expect(tool_row).to_contain_text("file_list")
    tool_row.get_by_role("button").click()
    expect(page.locator(".wf-detail .json").first).to_contain_text('"tool.called"')
    # Every event opens to its JSON.
    first_event = page.locator(".events details.event").first
    first_event.locator("summary").click()
    expect(first_event.locator(".json")).to_contain_text('"run.started"')
    page.screenshot(path=str(screenshots / "trace-timeline-1280.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    assert download.value.suggested_filename == f"{run_id}.json"
    exported = json.loads(open(download.value.path()).read())
    assert exported["run"]["run_id"] == run_id and any(e["type"] == "tool.result" for e in exported["events"])

    # A live run: the trace waits with it, then follows it to the end without a reload.
    live = api(base, "POST", "/api/runs", {"input": "Write it", "session_key": "s_e2e_trace", "agent": APPROVAL_AGENT})
    wait_status(base, live["run_id"], {"waiting_approval"})
    page.goto(f"/trace/{live['run_id']}")
    expect(page.locator('[data-span-kind="approval"]')).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="live")).to_be_visible(timeout=15_000)
    call_id = next(e for e in api(base, "GET", f"/api/runs/{live['run_id']}/events")["events"] if e["type"] == "tool.requires_approval")["payload"]["call_id"]
    api(base, "POST", f"/api/runs/{live['run_id']}/approve", {"tool_call_id": call_id})
    expect(page.locator(".summary .badge")).to_have_text("completed", timeout=30_000)
    expect(page.locator('[data-span-kind="tool"]')).to_have_count(1)


def test_two_roles_and_a_group_reach_a_decision_on_the_blackboard(page: Page, screenshots):
    page.on("dialog", lambda d: d.accept())
    page.goto("/orchestrator")
    for name, lead, model in (("researcher", False, None),
                              ("lead", True, {"provider": "scripted", "script": {"turns": [{"text": "Start on SQLite; move to PostgreSQL for a second worker."}]}})):
        page.get_by_role("button", name="New role").click()
        form = page.get_by_role("form", name="New role")
        form.get_by_label("Name", exact=True).fill(name)
        form.get_by_label("Description").fill(f"The {name}")
        form.get_by_label("System prompt").fill(f"You are the {name}.")
        if lead:
            form.get_by_label("Lead").check()
        if model:
            form.get_by_text("Model (optional JSON)").click()
            form.get_by_label("Model: provider").fill(json.dumps(model))
        form.get_by_role("button", name="Create role").click()
        expect(page.locator(f'[data-role="{name}"]')).to_be_visible()
    group_form = page.get_by_role("form", name="New group")
    group_form.get_by_label("Name", exact=True).fill("platform")
    group_form.get_by_role("button", name="Create group").click()
    detail = page.locator(".group-detail")
    expect(detail.get_by_role("heading", name="platform")).to_be_visible()
    for role in ("researcher", "lead"):
        detail.get_by_label("Role to add").select_option(label=role + (" (lead)" if role == "lead" else ""))
        detail.get_by_role("button", name="Add member").click()
        expect(detail.locator(".member-list")).to_contain_text(role)
    detail.get_by_label("Task").fill("Which database should we start with?")
    detail.get_by_role("button", name="Start group run").click()
    follow = detail.locator(".follow")
    expect(follow.locator(".decision-output")).to_contain_text("Start on SQLite", timeout=60_000)
    expect(follow.locator(".team-msg.msg-decision")).to_be_visible()
    page.screenshot(path=str(screenshots / "team-group-run-1280.png"), full_page=True)
    follow.get_by_role("link", name="See it on the blackboard").click()
    decisions = page.get_by_role("region", name=re.compile("Decisions"))
    expect(decisions).to_contain_text("Start on SQLite", timeout=15_000)


def test_a_skill_is_created_edited_and_deleted(page: Page):
    page.on("dialog", lambda d: d.accept())
    page.goto("/skills")
    page.get_by_role("button", name="New skill").click()
    form = page.get_by_role("form", name="New skill")
    form.get_by_label("Name", exact=True).fill("e2e-triage")
    form.get_by_label("Description").fill("Sort issues")
    form.get_by_label("Instructions").fill("Label every issue.")
    form.get_by_label("Tools").fill('file_list\n{"name": "label_issue", "description": "Adds a label."}')
    form.get_by_label("Risk level").select_option("medium")
    form.get_by_role("button", name="Create skill").click()
    row = page.locator('tr[data-skill="e2e-triage"]')
    expect(row).to_contain_text("file_list, label_issue")
    expect(row).to_contain_text("medium")
    row.get_by_role("button", name="Edit skill e2e-triage").click()
    edit = page.get_by_role("form", name="Edit skill e2e-triage")
    expect(edit.get_by_label("Instructions")).to_have_value("Label every issue.")
    edit.get_by_label("Description").fill("Sort and label issues")
    edit.get_by_role("button", name="Save skill").click()
    expect(row).to_contain_text("Sort and label issues")
    row.get_by_role("button", name="Delete skill e2e-triage").click()
    expect(row).to_have_count(0)


def test_a_401_says_a_token_is_needed_and_a_token_opens_the_console(page: Page, spare_adapter, screenshots):
    server = spare_adapter(tokens=[("acme", "ann")])
    page.goto(server.url + "/runs")
    alert = page.get_by_role("alert").filter(has_text="401")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("API token")
    page.screenshot(path=str(screenshots / "error-401-1280.png"))
    alert.get_by_role("button", name="Open connection settings").click()
    dialog = page.get_by_role("dialog", name="Connection")
    dialog.get_by_label("API token").fill(server.tokens[0])
    dialog.get_by_label("Org").fill("")
    dialog.get_by_label("User").fill("")
    dialog.get_by_role("button", name="Use this profile").click()
    expect(page.get_by_text("No runs yet")).to_be_visible()
    # The live list streams with ?access_token=: a run made now appears without a reload.
    token = {"Authorization": f"Bearer {server.tokens[0]}"}
    run = api(server.url, "POST", "/api/runs", {"input": "hello over a token", "session_key": "s_token"}, headers=token)
    expect(page.locator(f'tr[data-run-id="{run["run_id"]}"] .badge')).to_have_text("completed", timeout=30_000)


def test_an_adapter_that_is_down_renders_a_message(page: Page, spare_adapter, screenshots):
    server = spare_adapter()
    page.goto(server.url + "/skills")
    expect(page.get_by_role("heading", name="Skills")).to_be_visible()
    server.stop()
    page.get_by_role("link", name="Runs").click()
    alert = page.get_by_role("alert").filter(has_text="cannot be reached")
    expect(alert).to_be_visible(timeout=15_000)
    expect(alert.get_by_role("button", name="Retry")).to_be_visible()
    page.screenshot(path=str(screenshots / "error-adapter-down-1280.png"))


def test_a_missing_run_renders_not_found(page: Page):
    page.goto("/trace/run_doesnotexist")
    expect(page.get_by_role("alert")).to_contain_text("404")
    page.goto("/no/such/page")
    expect(page.get_by_text("This page does not exist")).to_be_visible()


def test_the_keyboard_reaches_everything_in_order(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.goto("/")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.getAttribute('aria-label') || document.activeElement.id"))
    nav = [t for t in order if t in ("Chat", "Runs", "Team", "Blackboard", "Skills", "Memory")]
    assert nav == ["Chat", "Runs", "Team", "Blackboard", "Skills", "Memory"], order
    # The composer sends with Enter from the keyboard alone.
    page.get_by_label("Message", exact=True).focus()
    page.keyboard.type("typed only")
    page.keyboard.press("Enter")
    expect(page.locator("article.turn").last.locator(".bubble.user")).to_have_text("typed only")


PAGES = [("chat", "/"), ("runs", "/runs"), ("trace", None), ("team", "/orchestrator"), ("blackboard", None), ("skills", "/skills"), ("memory", "/memory")]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_renders_labelled_and_fits_at(page: Page, adapter, screenshots, width):
    """Run last: the earlier tests left runs, a group and its blackboard to show."""
    base = adapter.url
    runs = api(base, "GET", "/api/runs?limit=50")["runs"]
    trace = next((r for r in runs if r["tool_call_count"] > 0 and r["status"] == "completed"), runs[0] if runs else None)
    groups = api(base, "GET", "/api/groups")["groups"]
    api(base, "PUT", "/api/memory/core/persona", {"content": "Answers briefly; prefers SQLite until a second worker is needed."})
    if not api(base, "GET", "/api/memory?tier=archival")["memories"]:
        api(base, "POST", "/api/memory", {"tier": "archival", "title": "Deploy guide",
                                           "content": "# Deploy\n\nAsk for approval. Roll back by redeploying the previous tag."})
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES:
        if name == "trace":
            if not trace:
                continue
            path = f"/trace/{trace['run_id']}"
        if name == "blackboard":
            path = f"/blackboard/{groups[0]['id']}" if groups else "/blackboard"
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        expect(page.locator("main .state-loading")).to_have_count(0, timeout=15_000)
        expect(page.locator("main [role=alert]")).to_have_count(0)
        if name == "memory":
            page.get_by_label("Query").fill("how do I roll back production")
            page.get_by_role("button", name="Search").click()
            expect(page.locator(".hit").first).to_be_visible()
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, textarea, select, button')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.textContent || '').trim())
            .map(e => e.outerHTML.slice(0, 120))""")
        assert unlabelled == [], f"{name}: controls without a label: {unlabelled}"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width + 1, f"{name} is {overflow} px wide at {width} px"
