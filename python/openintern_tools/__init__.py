"""OpenIntern's MCP tool server: text statistics, JSON queries, allow-listed HTTP fetches."""

from .tools import FetchRefused, QueryError, http_fetch, json_query, text_stats

__all__ = ["FetchRefused", "QueryError", "http_fetch", "json_query", "text_stats"]
