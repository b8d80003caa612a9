import pytest

from openintern_tools import FetchRefused, QueryError, http_fetch, json_query, text_stats
from openintern_tools.tools import allowed, parse_allow_list


def test_text_stats_counts_words_sentences_and_paragraphs():
    stats = text_stats("The cat sat. The cat ran!\n\nA dog barked?", top=2)
    assert stats["words"] == 9
    assert stats["sentences"] == 3
    assert stats["paragraphs"] == 2
    assert stats["lines"] == 3
    assert stats["top_words"][0] == {"word": "cat", "count": 2}
    assert len(stats["top_words"]) == 2


def test_text_stats_of_nothing_is_zero():
    stats = text_stats("")
    assert stats["words"] == 0 and stats["sentences"] == 0 and stats["average_word_length"] == 0.0


def test_text_stats_counts_a_last_sentence_without_a_full_stop_and_unicode_words():
    stats = text_stats("Ünïcode wörds count too")
    assert stats["words"] == 4 and stats["sentences"] == 1


DOC = '{"items": [{"name": "a", "id": 1}, {"name": "b", "id": 2, "tags": {"id": 9}}], "total": 2, "odd key": true}'


@pytest.mark.parametrize(
    "query, expected",
    [
        ("$.total", [2]),
        ("items[0].name", ["a"]),
        ("items[-1].name", ["b"]),
        ("$.items[*].name", ["a", "b"]),
        ("items.*.id", [1, 2]),
        ("..id", [1, 2, 9]),
        ("['odd key']", [True]),
        ("items[5]", []),
        ("nothing.here", []),
    ],
)
def test_json_query_paths(query, expected):
    assert json_query(DOC, query)["matches"] == expected


def test_json_query_refuses_bad_documents_and_queries():
    with pytest.raises(QueryError):
        json_query("{not json", "a")
    with pytest.raises(QueryError):
        json_query(DOC, "items..")


def test_allow_list_matches_hosts_ports_and_subdomains():
    allow = parse_allow_list("example.com, *.docs.org ,127.0.0.1:8080")
    assert allowed("https://example.com/x", allow)
    assert not allowed("https://evil.com/x", allow)
    assert allowed("http://api.docs.org/", allow)
    assert not allowed("http://docs.org.evil.com/", allow)
    assert allowed("http://127.0.0.1:8080/", allow)
    assert not allowed("http://127.0.0.1:9090/", allow)
    assert not allowed("file:///etc/passwd", allow)
    assert not allowed("https://example.com/", [])


def test_http_fetch_reads_an_allowed_url(loopback):
    port = loopback.rsplit(":", 1)[1]
    result = http_fetch(loopback + "/hello", [f"127.0.0.1:{port}"])
    assert result["status"] == 200
    assert result["text"] == "hello from the loopback"
    assert result["truncated"] is False


def test_http_fetch_cuts_long_bodies_and_reports_http_errors(loopback):
    allow = ["127.0.0.1"]
    big = http_fetch(loopback + "/big", allow, max_bytes=100)
    assert big["truncated"] is True and len(big["text"]) == 100
    assert http_fetch(loopback + "/nope", allow)["status"] == 404


def test_http_fetch_refuses_hosts_and_redirects_off_the_list(loopback):
    with pytest.raises(FetchRefused):
        http_fetch(loopback + "/hello", ["example.com"])
    with pytest.raises(FetchRefused):
        http_fetch(loopback + "/redirect?to=http://example.com/", ["127.0.0.1"])
