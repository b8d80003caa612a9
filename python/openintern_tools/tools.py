"""The tools' logic, plain functions the MCP server wraps (and the tests call)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from typing import Any

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have i in is it its of on or that the this to was were will with you".split()
)


def text_stats(text: str, top: int = 10) -> dict[str, Any]:
    """Counts of a text and its most frequent words (stopwords left out)."""
    words = WORD.findall(text)
    lowered = [w.lower() for w in words]
    stripped = text.strip()
    sentences = len(SENTENCE_END.findall(stripped))
    if stripped and not SENTENCE_END.search(stripped[-1:] or ""):
        sentences += 1
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    counts = Counter(w for w in lowered if w not in STOPWORDS)
    return {
        "characters": len(text),
        "words": len(words),
        "unique_words": len(set(lowered)),
        "lines": len(text.splitlines()) if text else 0,
        "sentences": sentences,
        "paragraphs": len(paragraphs),
        "average_word_length": round(sum(len(w) for w in words) / len(words), 2) if words else 0.0,
        # 230 words a minute, a common figure for silent reading.
        "reading_time_seconds": round(len(words) / 230 * 60),
        "top_words": [{"word": w, "count": c} for w, c in counts.most_common(max(0, top))],
    }


class QueryError(ValueError):
    """A query that cannot be parsed, or a document that is not JSON."""


TOKEN = re.compile(r"\.\.|\.|\[\s*\*\s*\]|\[\s*-?\d+\s*\]|\[\s*(?:'[^']*'|\"[^\"]*\")\s*\]|\*|[^.\[\]]+")


def _steps(query: str) -> list[tuple[str, Any]]:
    q = query.strip()
    if q.startswith("$"):
        q = q[1:]
    steps: list[tuple[str, Any]] = []
    pos = 0
    descend = False
    while pos < len(q):
        m = TOKEN.match(q, pos)
        if not m:
            raise QueryError(f"cannot parse the query at {pos}: {query!r}")
        tok = m.group(0)
        pos = m.end()
        if tok == "..":
            descend = True
            continue
        if tok == ".":
            continue
        if tok == "*" or re.fullmatch(r"\[\s*\*\s*\]", tok):
            step: tuple[str, Any] = ("all", None)
        elif tok.startswith("[") and re.fullmatch(r"\[\s*-?\d+\s*\]", tok):
            step = ("index", int(tok[1:-1]))
        elif tok.startswith("["):
            step = ("key", tok[1:-1].strip()[1:-1])
        else:
            step = ("key", tok)
        steps.append(("descend", step) if descend else step)
        descend = False
    if descend:
        raise QueryError(f"the query ends with '..': {query!r}")
    return steps


def _children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return list(value)
    return []


def _apply(step: tuple[str, Any], value: Any) -> list[Any]:
    kind, arg = step
    if kind == "all":
        return _children(value)
    if kind == "index":
        if isinstance(value, list) and -len(value) <= arg < len(value):
            return [value[arg]]
        return []
    if isinstance(value, dict) and arg in value:
        return [value[arg]]
    return []


def _descendants(value: Any) -> list[Any]:
    out = [value]
    for child in _children(value):
        out.extend(_descendants(child))
    return out


def json_query(document: str | Any, query: str) -> dict[str, Any]:
    """Values of `document` at `query`: a JSONPath-like path of keys
    (`a.b`, `['a b']`), indexes (`[0]`, `[-1]`), wildcards (`*`, `[*]`) and
    recursive descent (`..key`)."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as e:
            raise QueryError(f"document is not JSON: {e}") from None
    current = [document]
    for step in _steps(query):
        if step[0] == "descend":
            inner = step[1]
            current = [m for v in current for d in _descendants(v) for m in _apply(inner, d)]
        else:
            current = [m for v in current for m in _apply(step, v)]
    return {"query": query, "count": len(current), "matches": current}


class FetchRefused(PermissionError):
    """A URL whose host the allow-list does not name (or not http/https)."""


def parse_allow_list(text: str | None) -> list[str]:
    return [h.strip().lower() for h in (text or "").split(",") if h.strip()]


def allowed(url: str, allow: list[str]) -> bool:
    """Whether the allow-list admits `url`: `host`, `host:port` or `*.domain`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for entry in allow:
        name, _, want_port = entry.partition(":")
        if want_port and want_port != str(port):
            continue
        if name == host or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow: list[str]):
        self.allow = allow

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        if not allowed(newurl, self.allow):
            raise FetchRefused(f"redirect to {newurl} is not on the allow-list")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def http_fetch(url: str, allow: list[str], max_bytes: int = 100_000, timeout: float = 20.0) -> dict[str, Any]:
    """GETs `url` if the allow-list admits it (and every redirect); the
    body as text, cut at `max_bytes`."""
    if not allowed(url, allow):
        raise FetchRefused(f"{url} is not on the allow-list ({', '.join(allow) or 'empty'}); set OPENINTERN_FETCH_ALLOW")
    opener = urllib.request.build_opener(_CheckedRedirects(allow))
    request = urllib.request.Request(url, headers={"User-Agent": "openintern-tools/0.1", "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
            content_type = response.headers.get("Content-Type", "")
            body = response.read(max_bytes + 1)
            final_url = response.geturl()
    except urllib.error.HTTPError as e:
        status, content_type, final_url = e.code, e.headers.get("Content-Type", ""), url
        body = e.read(max_bytes + 1)
    truncated = len(body) > max_bytes
    body = body[:max_bytes]
    charset = "utf-8"
    m = re.search(r"charset=([\w-]+)", content_type)
    if m:
        charset = m.group(1)
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return {"url": final_url, "status": status, "content_type": content_type, "text": text, "truncated": truncated, "bytes": len(body)}
