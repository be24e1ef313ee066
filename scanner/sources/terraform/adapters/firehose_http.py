"""Firehose delivery streams whose destination is an HTTP endpoint: the copy they send out.

A stream with ``destination = "http_endpoint"`` posts every record to the URL of its
``http_endpoint_configuration``, usually a third party's service (Datadog, New Relic, …). Besides
the stream itself (a MESSAGING resource, :mod:`messaging`), it becomes an ENDPOINT resource of
subkind ``http_endpoint`` at ``<stream address>.http_endpoint_configuration``, which the transport
and copy-residency checks read:

- AWS accepts only ``https://`` URLs for this destination (the API's pattern is ``https://.*``):
  an ``http://`` URL asks for plain HTTP, and AWS refuses it, so the apply fails; a URL the code
  does not give is HTTPS once applied;
- where the endpoint keeps the copy cannot be told from code, unless its host is an AWS regional
  endpoint (``….execute-api.eu-west-1.amazonaws.com``), whose region it names.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scanner.sources.terraform.adapters import finalize
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value
from scanner.util.safetext import clean

_AWS_REGIONAL_HOST = re.compile(r"\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$")
URL_PATH = "http_endpoint_configuration.0.url"


def _region(url: Value) -> Value:
    """The region of the copy: an AWS regional host names it; any other host is outside AWS."""
    if not isinstance(url.raw, str):
        why = url.raw.reason if isinstance(url.raw, Unknown) else "the URL is not set"
        return Value.unknown(
            f"the HTTP endpoint's URL is unknown ({why}): where it keeps the copy", url.source
        )
    host = (urlsplit(url.raw.strip()).hostname or "").lower()
    found = _AWS_REGIONAL_HOST.search(host)
    if found:
        return Value(found.group(1), url.source)
    return Value.unknown(
        f"the HTTP endpoint {clean(host or url.raw, 80)} is outside AWS (a third party): where it keeps "
        "the copy cannot be told from code",
        url.source,
    )


@finalize("aws_kinesis_firehose_delivery_stream")
def http_endpoint(res: Resource, ctx: AdapterContext) -> None:
    block: TfBlock = ctx.block_of[res.address]
    if res.kind is not Kind.MESSAGING or block.attrs.get("destination") != "http_endpoint":
        return
    url = val(block, URL_PATH)
    endpoint = Resource(
        kind=Kind.ENDPOINT,
        subkind="http_endpoint",
        address=f"{block.address}.http_endpoint_configuration",
        resource_type=block.type,
        source=url.source,
        region=_region(url),
    )
    plain = isinstance(url.raw, str) and url.raw.strip().lower().startswith("http://")
    endpoint.attrs["protocol"] = Value("HTTP" if plain else "HTTPS", url.source, default=not plain)
    endpoint.attrs["plaintext_allowed"] = Value(plain, url.source, default=not isinstance(url.raw, str))
    endpoint.evidence.append(block.source())
    ctx.add(endpoint, block)
