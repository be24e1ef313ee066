"""Fault injection at the HTTP layer: AWS answers as it would to a denied or throttled call.

``before-send`` handlers return a response instead of sending the request, so
botocore's own retry logic (adaptive mode) and error parsing run as in production.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from botocore.awsrequest import AWSResponse


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any):
        yield self.body


def answer(status: int, body: bytes, headers: dict[str, str]) -> AWSResponse:
    response = AWSResponse("http://fault", status, headers, _Raw(body))
    response._content = body
    return response


def s3_error(code: str, status: int) -> AWSResponse:
    body = f"<Error><Code>{code}</Code><Message>injected</Message></Error>".encode()
    return answer(status, body, {"Content-Type": "application/xml"})


def json_error(code: str, status: int) -> AWSResponse:
    body = json.dumps({"__type": code, "message": "injected"}).encode()
    return answer(status, body, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": code})


def inject(monkeypatch, faults: dict[tuple[str, str], AWSResponse]) -> Counter:
    """Make every client answer ``faults[(service, operation)]``; returns a counter of injected answers."""
    from scanner.sources.live import session as live_session

    hits: Counter = Counter()
    original = live_session.make_client

    def faulty(*args, **kwargs):
        client = original(*args, **kwargs)
        service = client.meta.service_model.service_name

        def send(request=None, **kw):
            op = kw.get("event_name", "").split(".")[-1]
            fault = faults.get((service, op))
            if fault is not None:
                hits[(service, op)] += 1
                return fault
            return None

        for svc, op in faults:
            if svc == service:
                client.meta.events.register(f"before-send.*.{op}", send)
        return client

    monkeypatch.setattr(live_session, "make_client", faulty)
    return hits
