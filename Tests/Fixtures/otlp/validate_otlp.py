"""Checks an OTLP/JSON trace export with the official protobuf definitions.

    python validate_otlp.py FILE...

Each FILE holds one ExportTraceServiceRequest in the OTLP/HTTP JSON mapping
(lowerCamelCase names, trace and span ids as hex, enums as integers, 64-bit
numbers as strings). protobuf's json_format reads `bytes` fields as base64,
so the hex ids are converted first, as an OTLP receiver does; then the
document must parse with no unknown field, every id must have its length
(16 bytes for a trace, 8 for a span), every span must end no earlier than
it starts, and every parent must be a span of the same trace in the files
or absent. Prints one summary line; exit status 1 on any failure.
"""
import base64
import json
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2


def hex_to_base64(value):
    return base64.b64encode(bytes.fromhex(value)).decode() if value else value


def convert(document):
    for resource_spans in document.get("resourceSpans", []):
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                for key in ("traceId", "spanId", "parentSpanId"):
                    if key in span:
                        span[key] = hex_to_base64(span[key])
                for link in span.get("links", []):
                    for key in ("traceId", "spanId"):
                        if key in link:
                            link[key] = hex_to_base64(link[key])
    return document


def main(paths):
    spans = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            document = convert(json.load(f))
        request = json_format.ParseDict(document, trace_service_pb2.ExportTraceServiceRequest(), ignore_unknown_fields=False)
        for resource_spans in request.resource_spans:
            assert any(a.key == "service.name" for a in resource_spans.resource.attributes), "resource without service.name"
            for scope_spans in resource_spans.scope_spans:
                spans.extend(scope_spans.spans)
    ids = {}
    for span in spans:
        assert len(span.trace_id) == 16, f"{span.name}: trace id of {len(span.trace_id)} bytes"
        assert len(span.span_id) == 8, f"{span.name}: span id of {len(span.span_id)} bytes"
        assert span.parent_span_id == b"" or len(span.parent_span_id) == 8, f"{span.name}: parent id of {len(span.parent_span_id)} bytes"
        assert span.end_time_unix_nano >= span.start_time_unix_nano > 0, f"{span.name}: ends before it starts"
        assert span.kind in (1, 3), f"{span.name}: kind {span.kind}"
        ids[span.span_id] = span
    for span in spans:
        if span.parent_span_id and span.parent_span_id in ids:
            assert ids[span.parent_span_id].trace_id == span.trace_id, f"{span.name}: parent in another trace"
    print(f"valid: {len(spans)} spans in {len(paths)} documents")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as error:  # noqa: BLE001 - any failure is the verdict
        print(f"invalid: {error}")
        sys.exit(1)
