"""IAM identity policies (global, once per account): customer-managed and inline, with who they attach to.

As in the Terraform adapter: ``attached_to`` names principals ``role/NAME``, ``user/NAME``,
``group/NAME``; an attached AWS-managed policy stands for the grant (one per policy), with
the document ``knowledge.aws.iam_managed`` gives it, or unknown, naming it, when not in that table.
One paginated ``GetAccountAuthorizationDetails`` per principal kind reads it all.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import iam_managed
from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.state import Kind, Resource, Unknown

KINDS = (
    ("User", "UserDetailList", "user", "UserPolicyList"),
    ("Role", "RoleDetailList", "role", "RolePolicyList"),
    ("Group", "GroupDetailList", "group", "GroupPolicyList"),
)
INLINE_TYPES = {"user": "aws_iam_user_policy", "role": "aws_iam_role_policy", "group": "aws_iam_group_policy"}


class Iam(Collector):
    name = "iam"
    service = "iam"
    PRODUCES = (
        Wildcard(Kind.POLICY, "aws_iam_policy", "arn:{partition}:iam::{account}:policy/*", "identity"),
        Wildcard(
            Kind.POLICY,
            "aws_iam_policy_attachment",
            "arn:{partition}:iam::{account}:policy-attachment/*",
            "identity",
        ),
        Wildcard(Kind.POLICY, "aws_iam_user_policy", "arn:{partition}:iam::{account}:user/*", "identity"),
        Wildcard(Kind.POLICY, "aws_iam_role_policy", "arn:{partition}:iam::{account}:role/*", "identity"),
        Wildcard(Kind.POLICY, "aws_iam_group_policy", "arn:{partition}:iam::{account}:group/*", "identity"),
    )
    global_service = True
    CALLS = (Api("iam", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails"),)

    def collect(self, scan: Scan):
        policies = scan.pages("GetAccountAuthorizationDetails", "Policies", Filter=["LocalManagedPolicy"])
        if not policies.ok:
            arn = f"arn:{scan.partition}:iam::{scan.account_id}:policy/*"
            yield scan.placeholder(Kind.POLICY, "aws_iam_policy", arn, policies, subkind="identity")
        attached: dict[str, list[str]] = {}
        for filt, key, label, inline_key in KINDS:
            principals = scan.pages("GetAccountAuthorizationDetails", key, Filter=[filt])
            if not principals.ok:
                arn = f"arn:{scan.partition}:iam::{scan.account_id}:{label}/*"
                yield scan.placeholder(Kind.POLICY, INLINE_TYPES[label], arn, principals, subkind="identity")
                continue
            for principal in principals.data:
                who = f"{label}/{principal[f'{filt}Name']}"
                for pol in principal.get("AttachedManagedPolicies") or []:
                    attached.setdefault(pol["PolicyArn"], []).append(who)
                for inline in principal.get(inline_key) or []:
                    arn = f"{principal['Arn']}/inline-policy/{inline['PolicyName']}"
                    res = _policy(scan, INLINE_TYPES[label], arn, inline["PolicyName"])
                    res.set("document", inline.get("PolicyDocument"))
                    res.set("attached_to", [who])
                    yield res
        for pol in policies.data or []:
            res = _policy(
                scan, "aws_iam_policy", pol["Arn"], pol.get("PolicyName") or pol["Arn"].rsplit("/", 1)[-1]
            )
            versions = pol.get("PolicyVersionList") or []
            current = next(
                (v for v in versions if v.get("IsDefaultVersion")), versions[0] if versions else {}
            )
            res.set("document", current.get("Document"))
            res.set("attached_to", sorted(attached.get(pol["Arn"], [])))
            yield res
        for arn, who in sorted(attached.items()):
            if iam_managed.is_aws_managed(arn):
                document = iam_managed.document_or_unknown(arn)
                res = _policy(scan, "aws_iam_policy_attachment", arn, arn)
                res.set("document", document, default=not isinstance(document, Unknown))
                res.set("attached_to", sorted(who))
                yield res


def _policy(scan: Scan, rtype: str, arn: str, name: Any) -> Resource:
    """IAM is global; its resources carry the region the scan reads it from (us-east-1 in aws)."""
    return scan.resource(Kind.POLICY, rtype, arn, name, "identity")
