"""Elastic Load Balancing: ELBv2 listeners (one ENDPOINT each) and classic load balancers (one each).

The same reading as the Terraform adapter: an HTTPS/TLS listener's lowest TLS
version comes from its security policy; an HTTP listener allows plaintext when any
action (default or rule) forwards instead of redirecting to HTTPS; TCP/UDP pass
bytes through, so whether they are TLS cannot be told. A classic load balancer sums
up its listeners: any plain HTTP listener allows plaintext, the weakest TLS wins.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import elb as elb_rules
from scanner.knowledge.listeners import KEEP_PROTOCOL, serves_plaintext
from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.state import Kind, Resource, Unknown, Value


def _endpoint_defaults(res: Resource) -> None:
    res.set("origin_plaintext_allowed", None)
    res.set("origin_min_tls_version", None)
    res.set("edge_locations", None)


def tls_of(policy: str | None, res: Resource) -> Value:
    """The lowest TLS version a listener's security policy allows (None: the listener has no TLS)."""
    return Value(None if policy is None else elb_rules.listener_min_tls(policy), res.source)


class LoadBalancers(Collector):
    name = "elbv2"
    service = "elbv2"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            "aws_lb_listener",
            "arn:{partition}:elasticloadbalancing:{region}:{account}:listener/*",
            "listener",
        ),
    )
    CALLS = (
        Api("elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
        Api("elbv2", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
        Api("elbv2", "DescribeListeners", "elasticloadbalancing:DescribeListeners"),
        Api("elbv2", "DescribeRules", "elasticloadbalancing:DescribeRules"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeLoadBalancers", "LoadBalancers")
        if not listing.ok:
            arn = f"arn:{scan.partition}:elasticloadbalancing:{scan.region}:{scan.account_id}:listener/*"
            yield scan.placeholder(Kind.ENDPOINT, "aws_lb_listener", arn, listing, subkind="listener")
            return
        for lb in listing.data:
            attrs = scan.call("DescribeLoadBalancerAttributes", LoadBalancerArn=lb["LoadBalancerArn"])
            listeners = scan.pages("DescribeListeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"])
            if not listeners.ok:
                arn = lb["LoadBalancerArn"].replace(":loadbalancer/", ":listener/") + "/*"
                yield scan.placeholder(Kind.ENDPOINT, "aws_lb_listener", arn, listeners, subkind="listener")
                continue
            for listener in listeners.data:
                yield self._listener(scan, lb, listener, attrs)

    def _listener(self, scan: Scan, lb: dict[str, Any], listener: dict[str, Any], attrs) -> Resource:
        # "<load balancer name>:<port>" is how Terraform code names it too, so drift can match them.
        ident = f"{lb['LoadBalancerName']}:{listener['Port']}" if lb.get("LoadBalancerName") else None
        res = scan.resource(Kind.ENDPOINT, "aws_lb_listener", listener["ListenerArn"], ident, "listener")
        _endpoint_defaults(res)
        res.set("internet_facing", elb_rules.internet_facing(lb.get("Scheme")))
        scan.fill(res, attrs, ("access_logging",), lambda d: {"access_logging": _logs_on(d)})
        raw = listener.get("Protocol")
        carries = elb_rules.listener_carries(raw)
        if isinstance(carries, Unknown):
            for attr in (
                "protocol",
                "tls_policy",
                "min_tls_version",
                "plaintext_allowed",
                "redirects_to_https",
            ):
                res.set(attr, carries)
            return res
        res.set("protocol", str(raw).upper())
        policy = listener.get("SslPolicy") if carries == "tls" else None
        res.set("tls_policy", policy)
        res.attrs["min_tls_version"] = tls_of(policy, res)
        if carries == "tls":
            res.set("plaintext_allowed", False)
            res.set("redirects_to_https", False)
        elif carries == "passthrough":
            res.set("plaintext_allowed", elb_rules.passthrough_unknown(raw))
            res.set("redirects_to_https", False)
        else:
            rules = scan.pages("DescribeRules", "Rules", ListenerArn=listener["ListenerArn"])
            actions = [("default_action", listener.get("DefaultActions") or [])]
            scan.fill(
                res,
                rules,
                ("plaintext_allowed", "redirects_to_https"),
                lambda d: _plain(
                    actions + [(f"rule {r.get('Priority')}", r.get("Actions") or []) for r in d or []]
                ),
            )
        return res


def _logs_on(data: dict[str, Any]) -> bool:
    values = {a["Key"]: a.get("Value") for a in data.get("Attributes") or []}
    return any(values.get(k) == "true" for k in ("access_logs.s3.enabled", "connection_logs.s3.enabled"))


def _plain(actions: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    forwards = False
    redirect_default = False
    for label, items in actions:
        for action in items:
            kind = action.get("Type")
            to = (action.get("RedirectConfig") or {}).get("Protocol", KEEP_PROTOCOL)
            if serves_plaintext(kind, to):
                forwards = True  # forward, authenticate-*, fixed-response, a redirect keeping HTTP
            else:
                redirect_default = redirect_default or label == "default_action"
    if forwards:
        return {"plaintext_allowed": True, "redirects_to_https": False}
    return {"plaintext_allowed": False, "redirects_to_https": redirect_default}


class ClassicLoadBalancers(Collector):
    name = "elb"
    service = "elb"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            "aws_elb",
            "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/*",
            "classic_listener",
        ),
    )
    CALLS = (
        Api("elb", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
        Api("elb", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
        Api("elb", "DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeLoadBalancers", "LoadBalancerDescriptions")
        if not listing.ok:
            arn = f"arn:{scan.partition}:elasticloadbalancing:{scan.region}:{scan.account_id}:loadbalancer/*"
            yield scan.placeholder(Kind.ENDPOINT, "aws_elb", arn, listing, subkind="classic_listener")
            return
        for lb in listing.data:
            name = lb["LoadBalancerName"]
            arn = f"arn:{scan.partition}:elasticloadbalancing:{scan.region}:{scan.account_id}:loadbalancer/{name}"
            res = scan.resource(Kind.ENDPOINT, "aws_elb", arn, name, "classic_listener")
            _endpoint_defaults(res)
            res.set("redirects_to_https", False, default=True)  # a classic ELB cannot redirect
            res.set("internet_facing", elb_rules.internet_facing(lb.get("Scheme")))
            attrs = scan.call("DescribeLoadBalancerAttributes", LoadBalancerName=name)
            scan.fill(
                res,
                attrs,
                ("access_logging",),
                lambda d: {
                    "access_logging": bool(
                        ((d.get("LoadBalancerAttributes") or {}).get("AccessLog") or {}).get("Enabled")
                    )
                },
            )
            self._listeners(scan, res, name, lb.get("ListenerDescriptions") or [])
            yield res

    def _listeners(self, scan: Scan, res: Resource, name: str, descriptions: list[dict[str, Any]]) -> None:
        read = [self._listener(scan, name, desc) for desc in descriptions]
        summary = elb_rules.classic_summary(read)
        for attr in ("protocol", "plaintext_allowed", "min_tls_version", "tls_policy"):
            res.attrs[attr] = Value(getattr(summary, attr), res.source)

    @staticmethod
    def _listener(scan: Scan, name: str, desc: dict[str, Any]) -> elb_rules.ClassicListener:
        lst = desc.get("Listener") or {}

        def policies() -> elb_rules.ClassicPolicies:
            names = desc.get("PolicyNames") or []
            if not names:
                return None
            answer = scan.call("DescribeLoadBalancerPolicies", LoadBalancerName=name, PolicyNames=names)
            if not answer.ok:
                return answer.unknown()
            return [_ssl_attributes(p) for p in answer.data.get("PolicyDescriptions") or []]

        return elb_rules.classic_listener(lst.get("Protocol"), lst.get("LoadBalancerPort"), policies)


def _ssl_attributes(desc: dict[str, Any]) -> dict[str, Any] | None:
    """An SSL negotiation policy's attributes (name -> value); None for a policy of another type."""
    if desc.get("PolicyTypeName") != elb_rules.SSL_NEGOTIATION:
        return None
    return {
        a.get("AttributeName"): a.get("AttributeValue") for a in desc.get("PolicyAttributeDescriptions") or []
    }
