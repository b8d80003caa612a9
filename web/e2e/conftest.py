"""Fixtures for the console's browser tests: a real oi-adapter (with its own
oi-host child, the scripted model, SQLite in a temporary folder) on a free
port serving web/dist, and Debian's chromium driven by Playwright (never
`playwright install`). Screenshots go to <--output>/screenshots."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("OI_BIN_DIR", ROOT / ".build" / "debug"))
WEB_DIST = ROOT / "web" / "dist"
CHROMIUM = os.environ.get("OI_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")

# Keys that would make the host pick a real provider instead of the scripted one.
PROVIDER_ENV = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "LLM_API_KEY", "LLM_PROVIDER", "LLM_MODEL", "LLM_BASE_URL",
                "DATABASE_URL", "PORT", "AGENT_ORG_ID", "AGENT_USER_ID", "AGENT_PROJECT_ID"]

CONFIG = {
    # file_write asks for approval, so a chat run waits for the person at the console.
    "tools": {"rules": [{"action": "ask", "tool": "file_write", "reason": "writes need a person's yes"}]},
}


class Adapter:
    """An oi-adapter process and what it logged."""

    def __init__(self, data_dir: Path, tokens=()):
        """`tokens`: (org, user) pairs to make API tokens for before it starts
        (then every /api request needs one); `self.tokens` holds them."""
        self.data_dir = data_dir
        self.log: list[str] = []
        config = data_dir / "agent.config.json"
        config.write_text(json.dumps(CONFIG))
        env = {k: v for k, v in os.environ.items() if k not in PROVIDER_ENV}
        env.update({"DATA_DIR": str(data_dir), "OI_CONFIG": str(config), "OI_LOG_LEVEL": "warning"})
        self.env = env
        for binary in ("oi-adapter", "oi-host"):
            if not (BIN / binary).exists():
                raise RuntimeError(f"{BIN / binary} is missing: run swift build first")
        self.tokens = [make_token(data_dir, env, org, user) for org, user in tokens]
        if not (WEB_DIST / "index.html").exists():
            raise RuntimeError("web/dist is missing: run make web (scripts/build-web) first")
        self.process = subprocess.Popen(
            [str(BIN / "oi-adapter"), "--port", "0", "--log-level", "notice", "--host-binary", str(BIN / "oi-host"), "--web", str(WEB_DIST)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=str(data_dir))
        self.port = None
        ready = threading.Event()

        def read():
            for line in self.process.stderr:
                self.log.append(line.rstrip())
                m = re.search(r"listening on http://[^ ]*:(\d+)", line)
                if m and self.port is None:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(90) or self.port is None:
            self.stop()
            raise RuntimeError("the adapter did not start:\n" + "\n".join(self.log[-50:]))
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the adapter's host never became healthy:\n" + "\n".join(self.log[-50:]))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def make_token(data_dir: Path, env: dict, org: str, user: str) -> str:
    out = subprocess.run([str(BIN / "oi-host"), "tokens", "create", "--org", org, "--user", user],
                         env=env, cwd=str(data_dir), capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def adapter(tmp_path_factory):
    server = Adapter(tmp_path_factory.mktemp("console"))
    yield server
    server.stop()


@pytest.fixture
def spare_adapter(tmp_path_factory):
    """An adapter of the test's own, to stop or to protect with a token."""
    servers = []

    def start(**kwargs):
        server = Adapter(tmp_path_factory.mktemp("spare"), **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def base_url(adapter):
    return adapter.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox", "--disable-dev-shm-usage"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def screenshots(pytestconfig):
    folder = Path(pytestconfig.getoption("--output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def only_the_adapter(request):
    """Every request a test's page makes goes to the adapter that served it:
    the console's own files, its pages, and for every fetch, XHR or event
    stream a path under /api/."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    seen: list[tuple[str, str]] = []
    page.on("request", lambda r: seen.append((r.url, r.resource_type)))
    yield
    origins = {urlparse(url).netloc for url, kind in seen if kind == "document"}
    for url, kind in seen:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            continue
        assert parsed.scheme == "http" and parsed.netloc in origins, f"the console asked another origin: {url}"
        if kind in ("fetch", "xhr", "eventsource", "websocket"):
            assert parsed.path.startswith("/api/"), f"a {kind} outside /api: {url}"
