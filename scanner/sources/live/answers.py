"""Refuse answers that are not what the operation returns, before botocore turns them into data.

botocore is forgiving in a way a compliance scan cannot be: a JSON body that does
not parse becomes ``{"message": <body>}`` (so a cut ``DescribeLogGroups`` answer
lists no log groups: a false pass), an empty body becomes ``{}``, and a string
where the model says list is iterated character by character
(``{"TableNames": "t1"}`` lists tables ``t`` and ``1``).

One hook on every client (``before-parse``, installed by
:func:`~scanner.sources.live.session.make_client`) checks each successful answer
against the operation's output shape in botocore's own model, before parsing:

- JSON protocols: the body must parse, and every value the shape names must have
  the shape's type (structures are objects, lists are arrays, strings are
  strings, numbers numbers, booleans booleans). Unknown keys are allowed (AWS adds
  fields before the model does); ``null`` means "absent", as botocore reads it.
- XML protocols: the body must be well-formed XML (botocore reads XML by the
  model's element names, so there is no type confusion to catch after that).

A refused answer raises :class:`BadAnswer`; the call fails like any other
(:func:`~scanner.sources.live.errors.classify`), so exactly the attributes it
would have filled become ``unknown``. Answers are not retried: a proxy or
emulator that garbles one answer is not trusted to be right on the next.
"""

from __future__ import annotations

import json
from typing import Any

JSON_PROTOCOLS = frozenset({"json", "rest-json"})
XML_PROTOCOLS = frozenset({"query", "ec2", "rest-xml"})
ENVELOPE_PROTOCOLS = frozenset({"query", "ec2"})  # always answer with an XML document


class BadAnswer(Exception):
    """A 2xx answer that does not parse, or does not have the operation's output shape."""


def install(events: Any) -> None:
    """Register the check on a botocore event emitter (a client's ``meta.events``)."""
    events.register("before-parse.*.*", _before_parse, unique_id="privacy-scan-answer-shape")


def _before_parse(operation_model: Any = None, response_dict: Any = None, **_: Any) -> None:
    if operation_model is None or not isinstance(response_dict, dict):
        return
    check_answer(operation_model, response_dict)


def check_answer(operation_model: Any, response: dict[str, Any]) -> None:
    """Raise :class:`BadAnswer` unless a successful ``response`` fits ``operation_model``'s output."""
    status = response.get("status_code") or 0
    shape = operation_model.output_shape
    if not 200 <= status < 300 or shape is None or operation_model.has_streaming_output:
        return
    body = response.get("body")
    if not isinstance(body, (bytes, bytearray)):
        return
    protocol = _protocol(operation_model)
    body_shape = _body_shape(shape)
    if body_shape is None:
        return
    if protocol in JSON_PROTOCOLS:
        _check_json_body(bytes(body), body_shape)
    elif protocol in XML_PROTOCOLS:
        _check_xml_body(bytes(body), protocol)


def _protocol(operation_model: Any) -> str:
    service = operation_model.service_model
    return str(getattr(service, "resolved_protocol", None) or service.protocol)


def _body_shape(shape: Any) -> Any | None:
    """The shape the body carries: the payload member, or the members not in headers or status."""
    payload = shape.serialization.get("payload")
    if payload:
        member = shape.members.get(payload)
        return member if member is not None and member.type_name == "structure" else None
    if any(not m.serialization.get("location") for m in shape.members.values()):
        return shape
    return None


def _check_json_body(body: bytes, shape: Any) -> None:
    if not body.strip():
        raise BadAnswer("the answer's body is empty")
    try:
        document = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BadAnswer("the answer's body is not valid JSON (cut short or garbled)") from None
    except RecursionError:
        raise BadAnswer("the answer's body is nested too deeply") from None
    try:
        _check_value(document, shape, "")
    except RecursionError:
        raise BadAnswer("the answer's body is nested too deeply") from None


_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "blob": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float, str),  # "NaN" and "Infinity" are strings in JSON
    "double": (int, float, str),
    "timestamp": (int, float, str),
}


def _check_value(value: Any, shape: Any, path: str) -> None:
    if value is None:
        return  # botocore reads null as absent, as AWS means it
    kind = shape.type_name
    if kind == "structure":
        if getattr(shape, "is_document_type", False):
            return
        if not isinstance(value, dict):
            _wrong(path, "an object", value)
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            key = member.serialization.get("name", name)
            if key in value:
                _check_value(value[key], member, f"{path}.{key}" if path else key)
    elif kind == "list":
        if not isinstance(value, list):
            _wrong(path, "a list", value)
        for index, item in enumerate(value):
            _check_value(item, shape.member, f"{path}[{index}]")
    elif kind == "map":
        if not isinstance(value, dict):
            _wrong(path, "a map", value)
        for key, item in value.items():
            _check_value(item, shape.value, f"{path}.{key}")
    elif kind in _SCALARS:
        allowed = _SCALARS[kind]
        article = "an" if kind[0] in "aeiou" else "a"
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            _wrong(path, f"{article} {kind}", value)


def _wrong(path: str, expected: str, value: Any) -> None:
    found = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )
    raise BadAnswer(f"{path or 'the answer'} should be {expected}, the answer has {found}")


def _check_xml_body(body: bytes, protocol: str) -> None:
    from xml.etree import ElementTree

    if not body.strip():
        if protocol in ENVELOPE_PROTOCOLS:
            raise BadAnswer("the answer's body is empty")
        return
    try:
        ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise BadAnswer("the answer's body is not well-formed XML (cut short or garbled)") from None
