"""Elastic Load Balancing: ELBv2 listeners and classic load balancers into ENDPOINTs.

ELBv2 (``aws_lb_listener`` / ``aws_alb_listener``): one endpoint per listener, since the
listener is where clients meet TLS. Its load balancer (``aws_lb``/``aws_alb``) is read for
the access/connection logs and the ``internal`` flag; listener rules (``aws_lb_listener_rule``)
are companions, because a rule that forwards over HTTP makes an HTTP listener that otherwise
redirects serve plain HTTP after all.

Classic ELB (``aws_elb``): one endpoint per load balancer (its Terraform address), summing up
every listener: plain HTTP on any listener allows plaintext, and the lowest TLS version of any
HTTPS/SSL listener is the endpoint's. SSL negotiation policies come from
``aws_load_balancer_policy`` + ``aws_load_balancer_listener_policy`` (or the older
``aws_lb_ssl_negotiation_policy``), by ``Reference-Security-Policy`` or ``Protocol-TLSv1*``
attributes.

AWS defaults: listener ``protocol`` HTTP on an Application Load Balancer; ``ssl_policy``
``ELBSecurityPolicy-2016-08`` (TLS 1.0) on HTTPS/TLS listeners and classic HTTPS/SSL listeners
without a policy; ``aws_lb`` access logs off (``enabled`` defaults to false even with a bucket),
classic access logs on when the block is given; load balancers internet-facing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scanner.knowledge.aws import elb as elb_rules
from scanner.knowledge.listeners import KEEP_PROTOCOL, serves_plaintext
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, blocks, new_resource, val
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Source, Unknown, Value, first_unknown

LB_TYPES = ("aws_lb", "aws_alb")
LISTENER_TYPES = ("aws_lb_listener", "aws_alb_listener")


def scratch(ctx: AdapterContext, name: str) -> dict[str, Any]:
    """Per-scan working data shared between this module's passes (kept off the state)."""
    store = ctx.scratch.setdefault("elb", {})
    return store.setdefault(name, {})


def ref_block(
    ctx: AdapterContext, raw: Any, types: tuple[str, ...], by: TfBlock, name_attr: str = "name"
) -> TfBlock | None:
    """The block a link argument refers to: by Terraform reference, else by a literal name or ARN."""
    if isinstance(raw, Unknown) and raw.ref:
        for cand in (raw.ref, f"{by.module}.{raw.ref}" if by.module else raw.ref):
            found = ctx.blocks.get(cand)
            if found is not None and found.type in types:
                return found
        return None
    if isinstance(raw, str) and raw:
        for b in ctx.config.blocks:
            if b.type in types and b.mode == "managed":
                name = b.attrs.get(name_attr)
                if isinstance(name, str) and (raw == name or f"/{name}/" in raw or raw.endswith(f"/{name}")):
                    return b
    return None


def tls_of(policy: Value) -> Value:
    """The lowest TLS version a listener's security policy allows; an unknown name stays unknown, never guessed."""
    if not policy.known or policy.raw is None:
        return policy
    return Value(elb_rules.listener_min_tls(policy.raw), policy.source, policy.default)


# ----------------------------------------------------------------- ELBv2 listeners
@primary(*LISTENER_TYPES)
def listener(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="listener")
    lb = ref_block(ctx, block.attrs.get("load_balancer_arn"), LB_TYPES, block)
    res.identity = _listener_identity(lb, block)
    lb_type = lb.attrs.get("load_balancer_type", "application") if lb else None
    protocol = val(block, "protocol")
    if protocol.raw is None:
        if lb_type == "network":
            protocol = Value.unknown(
                "a Network Load Balancer listener without protocol is not valid", protocol.source
            )
        elif lb_type == "gateway":
            protocol = Value("GENEVE", protocol.source, default=True)
        else:
            protocol = Value("HTTP", protocol.source, default=True)
    elif protocol.known and isinstance(protocol.raw, str):
        protocol = Value(protocol.raw.upper(), protocol.source)
    res.attrs["protocol"] = protocol
    if not protocol.known:
        res.attrs["tls_policy"] = Value(protocol.raw, protocol.source)
    elif elb_rules.listener_carries(protocol.raw) == "tls":
        res.attrs["tls_policy"] = val(block, "ssl_policy", elb_rules.LISTENER_DEFAULT_POLICY)
    else:
        res.attrs["tls_policy"] = Value(None, block.source("ssl_policy"))
    res.attrs["min_tls_version"] = tls_of(res.attrs["tls_policy"])
    res.set("origin_plaintext_allowed", None)
    res.set("origin_min_tls_version", None)
    res.set("edge_locations", None)
    _lb_attrs(res, lb, block)
    scratch(ctx, "actions")[res.address] = [
        (
            "default_action",
            block.source("default_action"),
            blocks(block, "default_action"),
            block.attrs.get("default_action"),
        )
    ]
    return res


def _listener_identity(lb: TfBlock | None, block: TfBlock) -> Value:
    """``<load balancer name>:<port>``, the name the cloud knows a listener by (drift matches on it)."""
    name = lb.attrs.get("name") if lb else None
    port = block.attrs.get("port")
    if isinstance(name, str) and isinstance(port, (int, str)) and not isinstance(port, bool):
        return Value(f"{name}:{port}", block.source("port"))
    why = "the load balancer's name or the port is not known before apply"
    if lb is None:
        why = "the listener's load balancer is not in this configuration"
    return Value.unknown(why, block.source())


def _lb_attrs(res: Resource, lb: TfBlock | None, block: TfBlock) -> None:
    """access_logging and internet_facing from the listener's load balancer."""
    if lb is None:
        why = "the listener's load balancer is not in this configuration"
        res.attrs["access_logging"] = Value.unknown(why, block.source("load_balancer_arn"))
        res.attrs["internet_facing"] = Value.unknown(why, block.source("load_balancer_arn"))
        return
    logs = [v for v in (val(lb, "access_logs.0.enabled", False), val(lb, "connection_logs.0.enabled", False))]
    if any(v.known and v.raw is True for v in logs):
        res.attrs["access_logging"] = next(v for v in logs if v.known and v.raw is True)
    else:
        res.attrs["access_logging"] = next((v for v in logs if not v.known), logs[0])
    internal = val(lb, "internal", False)
    res.attrs["internet_facing"] = Value(
        internal.raw if not internal.known else not internal.raw, internal.source, internal.default
    )
    res.evidence.append(lb.source())


@companion("aws_lb_listener_rule", "aws_alb_listener_rule")
def listener_rule(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("listener_arn"), LISTENER_TYPES, block)
    if res is None:
        return
    scratch(ctx, "actions").setdefault(res.address, []).append(
        ("rule " + block.address, block.source("action"), blocks(block, "action"), block.attrs.get("action"))
    )
    res.evidence.append(block.source())


@finalize(*LISTENER_TYPES)
def listener_plaintext(res: Resource, ctx: AdapterContext) -> None:
    """plaintext_allowed and redirects_to_https from the default action and the listener rules."""
    protocol = res.attrs["protocol"]
    src = protocol.source
    if not protocol.known:
        res.attrs["plaintext_allowed"] = Value(protocol.raw, src)
        res.attrs["redirects_to_https"] = Value(protocol.raw, src)
        return
    carries = elb_rules.listener_carries(protocol.raw)
    if isinstance(carries, Unknown):
        res.attrs["plaintext_allowed"] = Value(carries, src)
        res.attrs["redirects_to_https"] = Value(carries, src)
        return
    if carries == "tls":
        res.set("plaintext_allowed", False, src)
        res.set("redirects_to_https", False, src)
        return
    if carries == "passthrough":
        res.attrs["plaintext_allowed"] = Value(elb_rules.passthrough_unknown(protocol.raw), src)
        res.set("redirects_to_https", False, src)
        return
    forwards: list[str] = []
    unknown: Unknown | None = None
    redirect_default = False
    for label, _source, actions, raw in scratch(ctx, "actions").get(res.address, []):
        if isinstance(raw, Unknown):
            unknown = unknown or raw
            continue
        for action in actions:
            kind = action.get("type")
            missing = first_unknown(kind) or (
                first_unknown(action.get("redirect")) if kind == "redirect" else None
            )
            if missing:
                unknown = unknown or missing
                continue
            to = (blocks_of(action, "redirect") or [{}])[0].get("protocol", KEEP_PROTOCOL)
            if not serves_plaintext(kind, to):
                redirect_default = redirect_default or label == "default_action"
            else:
                forwards.append(f"{label} (redirect to {to})" if kind == "redirect" else label)
    if forwards:
        res.set("plaintext_allowed", True, src)
        res.set("redirects_to_https", False, src)
    elif unknown is not None:
        res.attrs["plaintext_allowed"] = Value(unknown, src)
        res.attrs["redirects_to_https"] = Value(unknown, src)
    else:
        res.set("plaintext_allowed", False, src)
        res.set("redirects_to_https", redirect_default, src)


def blocks_of(node: dict[str, Any], key: str) -> list[dict[str, Any]]:
    raw = node.get(key)
    if isinstance(raw, dict):
        return [raw]
    return [b for b in raw if isinstance(b, dict)] if isinstance(raw, list) else []


# ----------------------------------------------------------------- classic ELB
@primary("aws_elb")
def classic(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="classic_listener", identity_path="name")
    logs = blocks(block, "access_logs")
    if isinstance(block.attrs.get("access_logs"), Unknown):
        res.attrs["access_logging"] = val(block, "access_logs")
    elif logs:
        res.attrs["access_logging"] = val(block, "access_logs.0.enabled", True)
    else:
        res.set("access_logging", False, default=True)
    internal = val(block, "internal", False)
    res.attrs["internet_facing"] = Value(
        internal.raw if not internal.known else not internal.raw, internal.source, internal.default
    )
    res.set("origin_plaintext_allowed", None)
    res.set("origin_min_tls_version", None)
    res.set("edge_locations", None)
    res.set("redirects_to_https", False, default=True)  # a classic ELB cannot redirect
    return res


def _elb_target(block: TfBlock, ctx: AdapterContext, attr: str) -> Resource | None:
    return ctx.target(block.attrs.get(attr), ("aws_elb",), block)


@companion("aws_load_balancer_listener_policy")
def listener_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = _elb_target(block, ctx, "load_balancer_name")
    if res is None:
        return
    port = block.attrs.get("load_balancer_port")
    names = block.attrs.get("policy_names")
    policies: list[Any] = []
    if isinstance(names, Unknown):
        policies.append(names)
    else:
        for name in names or []:
            policies.append(_policy_attrs(ctx, name, block))
    scratch(ctx, "classic")[(res.address, str(port))] = (block.source(), policies)
    res.evidence.append(block.source())


@companion("aws_lb_ssl_negotiation_policy")
def ssl_negotiation_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = _elb_target(block, ctx, "load_balancer")
    if res is None:
        return
    attrs = {a.get("name"): a.get("value") for a in blocks(block, "attribute")}
    scratch(ctx, "classic")[(res.address, str(block.attrs.get("lb_port")))] = (block.source(), [attrs])
    res.evidence.append(block.source())


def _policy_attrs(ctx: AdapterContext, name: Any, by: TfBlock) -> dict[str, Any] | Unknown | None:
    """The attributes of an ``aws_load_balancer_policy`` named in policy_names (None: not SSL negotiation)."""
    found = ref_block(ctx, name, ("aws_load_balancer_policy",), by, name_attr="policy_name")
    if found is None:
        if elb_rules.is_classic_predefined(name):
            return {elb_rules.REFERENCE: name}
        return Unknown(
            f"load balancer policy {name if isinstance(name, str) else '(computed)'} is not in this configuration"
        )
    kind = found.attrs.get("policy_type_name")
    if isinstance(kind, Unknown):
        return kind
    if kind != elb_rules.SSL_NEGOTIATION:
        return None
    return {a.get("name"): a.get("value") for a in blocks(found, "policy_attribute")}


@finalize("aws_elb")
def classic_listeners(res: Resource, ctx: AdapterContext) -> None:
    """Sum up the listeners: any plain one allows plaintext; the weakest TLS one sets the version."""
    block = ctx.block_of[res.address]
    raw = block.attrs.get("listener")
    src = block.source("listener")
    if isinstance(raw, Unknown):
        for name in ("protocol", "tls_policy", "min_tls_version", "plaintext_allowed"):
            res.attrs[name] = Value(raw, src)
        return
    read = [
        _classic_listener(ctx, res, lst, block.source(f"listener.{i}"))
        for i, lst in enumerate(blocks(block, "listener"))
    ]
    summary = elb_rules.classic_summary(read)
    res.attrs["protocol"] = Value(summary.protocol, src)
    res.attrs["plaintext_allowed"] = Value(summary.plaintext_allowed, src)
    weakest = summary.weakest
    where, default = (weakest.tag, weakest.default) if weakest is not None else (src, False)
    res.attrs["min_tls_version"] = Value(summary.min_tls_version, where, default)
    res.attrs["tls_policy"] = Value(summary.tls_policy, where, default)


def _classic_listener(
    ctx: AdapterContext, res: Resource, lst: dict[str, Any], where: Source
) -> elb_rules.ClassicListener:
    """One ``listener`` block; its SSL policies are the ones attached to its port (tag: where they are written)."""
    port = lst.get("lb_port")
    entry = None if isinstance(port, Unknown) else scratch(ctx, "classic").get((res.address, str(port)))
    reading = elb_rules.classic_listener(
        lst.get("lb_protocol"), port, lambda: None if entry is None else entry[1]
    )
    return replace(reading, tag=where if entry is None else entry[0])
