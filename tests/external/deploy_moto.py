#!/usr/bin/env python3
"""Deploy netlint's templates to moto and read back what was created.

Usage:
    VENV/bin/python tests/external/deploy_moto.py NETLINT_BIN [PATH ...]
    VENV/bin/python tests/external/deploy_moto.py --netlint NETLINT_BIN [PATH ...]

    NETLINT_BIN  the netlint binary to build templates with
    PATH         .net files or directories of them (default: examples/)
    VENV         a virtualenv with tests/external/requirements.txt installed
                 (moto[server], boto3); `moto_server` is taken from the
                 directory of this Python interpreter.

For every file that `netlint build` accepts, the script creates a
CloudFormation stack in a local `moto_server` (127.0.0.1, a free port, fake
credentials, no AWS configuration read, boto3 retries off), waits for
CREATE_COMPLETE, checks that every resource of the template was created
(moto silently skips some types: MOTO_SKIPS lists them with the reason), and
reads back through the EC2 / ELBv2 / Auto Scaling / EFS APIs that VPC and
subnet CIDRs and zones, gateways, routes, security-group ingress rules,
instances, volumes and attachments, load balancers, listeners, listener rules
(priority, path or host condition, target group), target groups (with their
health-check settings), launch templates, Auto Scaling groups, EFS file
systems (encryption, modes, mount targets with their subnets and groups),
flow logs, VPC endpoints (and the routes AWS adds for gateway endpoints),
prefix-list rules and routes and instance profiles are what the template
(which mirrors the .net file) says. The instance profiles hosts name are
created in moto's IAM first, and the parameters of AWS-managed prefix lists
get the ids moto gives those lists. Files that `netlint build` refuses
(exit 1) are reported and
skipped. Where moto cannot take the template as is, the deployed copy is
patched (MOTO_PATCHES below) and every patch is printed; what a patch removes
is not read back.

Exit status: 0 everything matched, 1 a mismatch or failed deployment, 2 bad
usage or the server could not start. The server is stopped by its PID on
every path out.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Resource types moto's CloudFormation silently skips while still reporting
# CREATE_COMPLETE. They are expected to be absent; nothing of theirs is read
# back.
MOTO_SKIPS = {
    "AWS::EC2::NetworkAcl": "moto's CloudFormation has no NetworkAcl support",
    "AWS::EC2::NetworkAclEntry": "moto's CloudFormation has no NetworkAclEntry support",
    "AWS::EC2::SubnetNetworkAclAssociation": "moto's CloudFormation has no ACL association support",
    "AWS::EC2::SecurityGroupEgress": "moto's CloudFormation has no SecurityGroupEgress support",
    "AWS::EC2::VPCCidrBlock": "moto's CloudFormation has no VPCCidrBlock support (no IPv6 block)",
    "AWS::EC2::EIPAssociation": "moto's CloudFormation has no EIPAssociation support",
    "AWS::AutoScaling::ScalingPolicy": "moto's CloudFormation has no ScalingPolicy support",
    "AWS::CloudWatch::Alarm": "moto's CloudFormation has no CloudWatch Alarm support",
    "AWS::EC2::PrefixList": "moto's CloudFormation has no PrefixList support (rules and routes naming one are not read back)",
}

# Properties moto accepts but does not model: not read back.
MOTO_IGNORES = [
    "VPC EnableDnsSupport and EnableDnsHostnames",
    "Subnet MapPublicIpOnLaunch and instance AssociatePublicIpAddress",
    "SecurityGroup inline egress and IPv6 (CidrIpv6) ingress",
    "Instance MetadataOptions",
    "Volume VolumeType, Iops, Encrypted, MultiAttachEnabled",
    "LoadBalancer Type, IpAddressType and LoadBalancerAttributes (access logs, deletion protection, idle timeout, cross-zone, drop-invalid-header-fields: moto's CloudFormation ignores them and reports its own defaults)",
    "TargetGroup Targets and TargetGroupAttributes (stickiness, deregistration delay: moto's CloudFormation keeps its defaults)",
    "SecurityGroup rule Description (moto's CloudFormation drops it from IpRanges)",
    "SubnetRouteTableAssociation (not shown by DescribeRouteTables)",
    "Volume Throughput and KmsKeyId, root-volume KmsKeyId (moto keeps neither)",
]

STACK_TIMEOUT_S = 120


class Mismatch(Exception):
    pass


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------
# Templates


def references(v, out: set[str]) -> None:
    """Logical IDs a value refers to (Ref, GetAtt, ${X} in Sub)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "Ref" and isinstance(x, str):
                if not x.startswith("AWS::"):
                    out.add(x)
            elif k == "Fn::GetAtt" and isinstance(x, list) and x:
                out.add(x[0])
            elif k == "Fn::Sub" and isinstance(x, str):
                for part in x.split("${")[1:]:
                    name = part.split("}")[0].split(".")[0]
                    if not name.startswith("AWS::"):
                        out.add(name)
            else:
                references(x, out)
    elif isinstance(v, list):
        for x in v:
            references(x, out)


def remove_resources(t: dict, ids: set[str], notes: list[str], why: str) -> None:
    """Remove resources and, transitively, everything that needs them."""
    res = t["Resources"]
    todo = set(ids)
    while todo:
        gone = todo & set(res)
        for rid in sorted(gone):
            notes.append(f"removed {rid} ({res[rid]['Type']}): {why}")
            del res[rid]
        todo = set()
        for rid, r in res.items():
            deps: set[str] = set()
            references(r.get("Properties", {}), deps)
            deps.update(r.get("DependsOn", []))
            if deps & gone:
                todo.add(rid)
        why = "it needs a removed resource"
    for key in list(t.get("Outputs", {})):
        deps = set()
        references(t["Outputs"][key]["Value"], deps)
        if not deps <= set(res):
            notes.append(f"removed output {key}: it needs a removed resource")
            del t["Outputs"][key]


def walk(v, fn) -> None:
    if isinstance(v, dict):
        fn(v)
        for x in v.values():
            walk(x, fn)
    elif isinstance(v, list):
        for x in v:
            walk(x, fn)


def patch_for_moto(t: dict, certificate_arn: str) -> list[str]:
    """Adapt a copy of the template to what moto can deploy; say what."""
    notes: list[str] = []
    res = t["Resources"]

    # moto answers a server error for a security-group rule with protocol
    # -1 and no ports (legal in AWS; netlint omits them, cfn-lint W3687).
    def all_ports(o: dict) -> None:
        if o.get("IpProtocol") == "-1" and "FromPort" not in o:
            o["FromPort"] = -1
            o["ToPort"] = -1

    walk(res, all_ports)

    # moto checks listener certificates against its own ACM.
    def certificates(o: dict) -> None:
        if "CertificateArn" in o:
            o["CertificateArn"] = certificate_arn

    walk(res, certificates)

    # moto cannot resolve Fn::GetAtt VPC.Ipv6CidrBlocks (and skips the
    # VPCCidrBlock it would come from).
    # Without the block, a subnet cannot assign IPv6 addresses and a host
    # cannot ask for them: those go too.
    for rid, r in res.items():
        if r["Type"] == "AWS::EC2::Subnet" and "Ipv6CidrBlock" in r["Properties"]:
            del r["Properties"]["Ipv6CidrBlock"]
            r["Properties"].pop("AssignIpv6AddressOnCreation", None)
            notes.append(f"{rid}: IPv6 block dropped (moto cannot resolve Ipv6CidrBlocks)")

    def ipv6_count(o: dict) -> None:
        if "Ipv6AddressCount" in o:
            del o["Ipv6AddressCount"]
            notes.append("Ipv6AddressCount dropped (the subnets have no IPv6 block under moto)")

    walk(res, ipv6_count)

    # moto's CloudFormation skips egress-only internet gateways, and a route
    # to one then fails to resolve: both go.
    eigws = {rid for rid, r in res.items() if r["Type"] == "AWS::EC2::EgressOnlyInternetGateway"}
    if eigws:
        remove_resources(t, eigws, notes, "moto's CloudFormation has no EgressOnlyInternetGateway support")

    # A subnet in a secondary IPv4 block needs that VPCCidrBlock, which
    # moto's CloudFormation skips: moto would refuse the subnet's range.
    secondary = {
        rid
        for rid, r in res.items()
        if r["Type"] == "AWS::EC2::VPCCidrBlock" and "CidrBlock" in r["Properties"]
    }
    in_secondary = {
        rid
        for rid, r in res.items()
        if r["Type"] == "AWS::EC2::Subnet" and secondary & set(r.get("DependsOn", []))
    }
    if in_secondary:
        remove_resources(t, in_secondary, notes, "its block is a secondary VPC block, which moto does not create")

    # moto builds every load balancer as an ALB and refuses non-HTTP(S)
    # listeners.
    lbs = {rid for rid, r in res.items() if r["Type"] == "AWS::ElasticLoadBalancingV2::LoadBalancer"}
    nlb_listeners = {
        rid
        for rid, r in res.items()
        if r["Type"] == "AWS::ElasticLoadBalancingV2::Listener"
        and r["Properties"]["LoadBalancerArn"].get("Ref") in lbs
        and r["Properties"]["Protocol"] not in ("HTTP", "HTTPS")
    }
    if nlb_listeners:
        remove_resources(t, nlb_listeners, notes, "moto refuses TCP/UDP/TLS listeners (it deploys NLBs as ALBs)")

    # moto's NatGateway requires AllocationId: private NAT gateways fail.
    private_nats = {
        rid
        for rid, r in res.items()
        if r["Type"] == "AWS::EC2::NatGateway" and "AllocationId" not in r["Properties"]
    }
    if private_nats:
        remove_resources(t, private_nats, notes, "moto cannot create a NAT gateway without an EIP")

    # moto drops Iops from block-device mappings, then refuses io1/io2.
    def provisioned_root(o: dict) -> None:
        if "VolumeSize" in o and o.get("VolumeType") in ("io1", "io2"):
            notes.append(f"root volume type {o['VolumeType']} not deployed (moto drops its Iops)")
            del o["VolumeType"]
            o.pop("Iops", None)

    walk(res, provisioned_root)

    # moto takes everything after `arn:aws:s3:::` as the bucket name, so a
    # prefix makes the bucket "missing" (and its CloudFormation then fails
    # with a server error): deliver to the bucket itself. The bucket is
    # created before the stack (flow_log_buckets).
    for rid, r in res.items():
        p = r["Properties"]
        if r["Type"] == "AWS::EC2::FlowLog" and p.get("LogDestinationType") == "s3":
            arn = p["LogDestination"]
            bucket_arn = arn.split("/", 1)[0]
            if bucket_arn != arn:
                p["LogDestination"] = bucket_arn
                notes.append(f"{rid}: S3 prefix dropped (moto reads the prefix as part of the bucket name)")

    # moto reads an instance's groups only from SecurityGroups and its
    # subnet only from SubnetId: copy them there so placement and groups can
    # be read back.
    for rid, r in res.items():
        if r["Type"] != "AWS::EC2::Instance":
            continue
        p = r["Properties"]
        nic = (p.get("NetworkInterfaces") or [None])[0]
        if nic is not None:
            p["SubnetId"] = nic["SubnetId"]
            if "GroupSet" in nic:
                p["SecurityGroups"] = nic["GroupSet"]
            del p["NetworkInterfaces"]
            notes.append(f"{rid}: network interface flattened into SubnetId/SecurityGroups for moto")
        elif "SecurityGroupIds" in p:
            p["SecurityGroups"] = p.pop("SecurityGroupIds")
    return notes


def literal_region(t: dict) -> str | None:
    for r in t["Resources"].values():
        z = r.get("Properties", {}).get("AvailabilityZone")
        if isinstance(z, str):
            return z[:-1]
    return None


# --------------------------------------------------------------------------
# moto server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, log_path: Path):
        self.port = free_port()
        binary = Path(sys.executable).parent / "moto_server"
        if not binary.exists():
            log(f"error: {binary} not found: install tests/external/requirements.txt into this venv")
            sys.exit(2)
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [str(binary), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        log(f"error: moto_server did not start (log: {log_path})")
        sys.exit(2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# --------------------------------------------------------------------------
# One deployment


class Deployment:
    def __init__(self, server: Server, name: str, template: dict, deployed: dict, region: str):
        import boto3
        from botocore.config import Config

        cfg = Config(region_name=region, retries={"total_max_attempts": 1})
        self.client = lambda svc: boto3.client(svc, endpoint_url=server.url, config=cfg)
        self.name = name
        self.region = region
        self.template = template
        self.t = deployed
        self.res = deployed["Resources"]
        self.errors: list[str] = []
        self.checked = 0
        self.ec2 = self.client("ec2")
        self.elb = self.client("elbv2")
        self.asg = self.client("autoscaling")
        self.cf = self.client("cloudformation")
        self.phys: dict[str, str] = {}
        self.params: dict[str, str] = {}
        # AWS-managed prefix-list parameters: (list name, id given).
        self.aws_lists: dict[str, tuple[str, str]] = {}

    def expect(self, what: str, got, want) -> None:
        self.checked += 1
        if got != want:
            self.errors.append(f"{what}: deployed {got!r}, template says {want!r}")

    # -- values ------------------------------------------------------------

    def val(self, v):
        if isinstance(v, (str, int, bool)):
            return v
        if isinstance(v, dict) and "Ref" in v:
            x = v["Ref"]
            if x in self.params:
                return self.params[x]
            return self.phys[x]
        if isinstance(v, dict) and "Fn::GetAtt" in v:
            rid, attr = v["Fn::GetAtt"]
            if attr == "GroupId":
                return self.phys[rid]
            if attr == "AllocationId":
                addr = self.ec2.describe_addresses(PublicIps=[self.phys[rid]])["Addresses"][0]
                return addr["AllocationId"]
            if attr == "DNSName":
                lb = self.elb.describe_load_balancers(LoadBalancerArns=[self.phys[rid]])
                return lb["LoadBalancers"][0]["DNSName"]
        if isinstance(v, dict) and "Fn::Sub" in v:
            s = v["Fn::Sub"].replace("${AWS::Region}", self.region)
            s = s.replace("${AWS::StackName}", self.name)
            if "${" in s:
                raise Mismatch(f"cannot resolve {v}")
            return s
        raise Mismatch(f"cannot resolve {v}")

    def of_type(self, ty: str):
        return [(rid, r["Properties"]) for rid, r in self.res.items() if r["Type"] == ty]

    # -- deploy ------------------------------------------------------------

    def aws_list_parameters(self) -> list[dict]:
        """Values of the AWS-managed prefix-list parameters: the ids moto
        gives com.amazonaws.<region>.s3 / .dynamodb (it has no CloudFront
        list: a stand-in id, which moto does not check in a rule)."""
        out = []
        for key, p in self.t.get("Parameters", {}).items():
            desc = p.get("Description", "")
            if "AWS-managed prefix list" not in desc:
                continue
            name = desc.split("prefix list ", 1)[1].split(" ", 1)[0].replace("<region>", self.region)
            lists = self.ec2.describe_managed_prefix_lists(
                Filters=[{"Name": "prefix-list-name", "Values": [name]}]
            )["PrefixLists"]
            value = lists[0]["PrefixListId"] if lists else "pl-00000000"
            self.aws_lists[key] = (name, value)
            out.append({"ParameterKey": key, "ParameterValue": value})
        return out

    def instance_profiles(self) -> None:
        """The instance profiles hosts name exist outside the stack: create
        them in moto's IAM (moto refuses an instance with an unknown one)."""
        names = set()
        for r in self.res.values():
            p = r.get("Properties", {})
            if r["Type"] == "AWS::EC2::Instance" and "IamInstanceProfile" in p:
                names.add(p["IamInstanceProfile"])
            lt = p.get("LaunchTemplateData", {}).get("IamInstanceProfile")
            if lt:
                names.add(lt.get("Name") or lt["Arn"].rsplit("/", 1)[-1])
        iam = self.client("iam")
        for n in sorted(names):
            try:
                iam.create_instance_profile(InstanceProfileName=n)
            except iam.exceptions.EntityAlreadyExistsException:
                pass

    def flow_log_buckets(self) -> None:
        """Create the buckets flow logs deliver to (moto checks they exist)."""
        s3 = self.client("s3")
        for _, p in self.of_type("AWS::EC2::FlowLog"):
            if p.get("LogDestinationType") == "s3":
                bucket = p["LogDestination"].split(":::", 1)[1].split("/", 1)[0]
                if self.region == "us-east-1":
                    s3.create_bucket(Bucket=bucket)
                else:
                    s3.create_bucket(
                        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region}
                    )

    def create(self) -> bool:
        self.flow_log_buckets()
        self.instance_profiles()
        self.cf.create_stack(
            StackName=self.name, TemplateBody=json.dumps(self.t), Parameters=self.aws_list_parameters()
        )
        deadline = time.time() + STACK_TIMEOUT_S
        while True:
            st = self.cf.describe_stacks(StackName=self.name)["Stacks"][0]
            if not st["StackStatus"].endswith("_IN_PROGRESS") or time.time() > deadline:
                break
            time.sleep(0.5)
        if st["StackStatus"] != "CREATE_COMPLETE":
            self.errors.append(f"stack {st['StackStatus']}: {st.get('StackStatusReason')}")
            return False
        self.stack = st
        self.params = {p["ParameterKey"]: p.get("ResolvedValue") or p["ParameterValue"] for p in st.get("Parameters", [])}
        summaries = []
        pages = self.cf.get_paginator("list_stack_resources").paginate(StackName=self.name)
        for page in pages:
            summaries.extend(page["StackResourceSummaries"])
        skipped = 0
        for s in summaries:
            if not s["LogicalResourceId"]:
                skipped += 1
                continue
            self.phys[s["LogicalResourceId"]] = s["PhysicalResourceId"]
            if s["ResourceStatus"] != "CREATE_COMPLETE":
                self.errors.append(f"{s['LogicalResourceId']}: {s['ResourceStatus']}")
        expected_skips = 0
        for rid, r in self.res.items():
            if r["Type"] in MOTO_SKIPS:
                expected_skips += 1
                continue
            self.checked += 1
            if rid not in self.phys:
                self.errors.append(f"{rid} ({r['Type']}) was not created")
        if skipped != expected_skips:
            self.errors.append(f"moto skipped {skipped} resources, expected {expected_skips} of the skipped types")
        # The parameters resolve to what SSM holds.
        if self.params:
            ssm = self.client("ssm")
            for key, p in self.t.get("Parameters", {}).items():
                if key in self.aws_lists:
                    self.expect(f"parameter {key}", self.params.get(key), self.aws_lists[key][1])
                    continue
                value = ssm.get_parameter(Name=p["Default"])["Parameter"]["Value"]
                self.expect(f"parameter {key}", self.params.get(key), value)
        return True

    # -- read back -----------------------------------------------------------

    def check_all(self) -> None:
        for check in (
            self.vpcs,
            self.gateways,
            self.subnets,
            self.egress_only_gateways,
            self.route_tables,
            self.nat_gateways,
            self.security_groups,
            self.instances,
            self.volumes,
            self.load_balancers,
            self.listeners,
            self.listener_rules,
            self.target_groups,
            self.launch_templates,
            self.auto_scaling_groups,
            self.vpc_endpoints,
            self.file_systems,
            self.flow_logs,
            self.outputs,
        ):
            try:
                check()
            except Mismatch as e:
                self.errors.append(f"{check.__name__}: {e}")
            except Exception as e:  # an API error is a failed read-back
                self.errors.append(f"{check.__name__}: {type(e).__name__}: {e}")

    def vpcs(self) -> None:
        for rid, p in self.of_type("AWS::EC2::VPC"):
            vpc = self.ec2.describe_vpcs(VpcIds=[self.phys[rid]])["Vpcs"][0]
            self.expect(f"{rid} CidrBlock", vpc["CidrBlock"], p["CidrBlock"])
            name = [t["Value"] for t in vpc.get("Tags", []) if t["Key"] == "Name"]
            self.expect(f"{rid} Name tag", name, [p["Tags"][0]["Value"]])

    def gateways(self) -> None:
        for rid, p in self.of_type("AWS::EC2::VPCGatewayAttachment"):
            igw_id = self.val(p["InternetGatewayId"])
            igw = self.ec2.describe_internet_gateways(InternetGatewayIds=[igw_id])["InternetGateways"][0]
            vpcs = [a["VpcId"] for a in igw["Attachments"]]
            self.expect(f"{rid} attached VPC", vpcs, [self.val(p["VpcId"])])

    def subnets(self) -> None:
        for rid, p in self.of_type("AWS::EC2::Subnet"):
            s = self.ec2.describe_subnets(SubnetIds=[self.phys[rid]])["Subnets"][0]
            self.expect(f"{rid} VpcId", s["VpcId"], self.val(p["VpcId"]))
            self.expect(f"{rid} CidrBlock", s["CidrBlock"], p["CidrBlock"])
            if "AvailabilityZoneId" in p:
                self.expect(f"{rid} AvailabilityZoneId", s.get("AvailabilityZoneId"), p["AvailabilityZoneId"])
            else:
                self.expect(f"{rid} AvailabilityZone", s["AvailabilityZone"], self.val(p["AvailabilityZone"]))

    def egress_only_gateways(self) -> None:
        for rid, p in self.of_type("AWS::EC2::EgressOnlyInternetGateway"):
            g = self.ec2.describe_egress_only_internet_gateways(EgressOnlyInternetGatewayIds=[self.phys[rid]])
            vpcs = [a["VpcId"] for a in g["EgressOnlyInternetGateways"][0]["Attachments"]]
            self.expect(f"{rid} attached VPC", vpcs, [self.val(p["VpcId"])])

    def route_tables(self) -> None:
        routes = self.of_type("AWS::EC2::Route")
        for rid, p in self.of_type("AWS::EC2::RouteTable"):
            rt = self.ec2.describe_route_tables(RouteTableIds=[self.phys[rid]])["RouteTables"][0]
            self.expect(f"{rid} VpcId", rt["VpcId"], self.val(p["VpcId"]))
            got = []
            # Prefix lists the template names that moto did not create.
            unknown = set()
            for _, rp in routes:
                pl = rp.get("DestinationPrefixListId")
                if isinstance(pl, dict) and pl.get("Ref") not in self.phys and pl.get("Ref") not in self.params:
                    unknown.add(pl["Ref"])
            for r in rt["Routes"]:
                if r.get("GatewayId") == "local":
                    continue
                target = (
                    r.get("GatewayId")
                    or r.get("NatGatewayId")
                    or r.get("EgressOnlyInternetGatewayId")
                    or r.get("VpcEndpointId")
                )
                if r.get("DestinationPrefixListId") in unknown:
                    continue
                # moto keeps no destination for a route to a list it lacks.
                if unknown and not any(
                    k in r for k in ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId")
                ):
                    continue
                # moto leaves DestinationIpv6CidrBlock out of the answer.
                dest = (
                    r.get("DestinationCidrBlock")
                    or r.get("DestinationIpv6CidrBlock")
                    or (r.get("DestinationPrefixListId") and "pl " + r["DestinationPrefixListId"])
                    or "(ipv6)"
                )
                got.append((dest, target))
            want = []
            for _, rp in routes:
                if rp["RouteTableId"]["Ref"] != rid:
                    continue
                target = self.val(rp.get("GatewayId") or rp.get("NatGatewayId") or rp.get("EgressOnlyInternetGatewayId"))
                pl = rp.get("DestinationPrefixListId")
                if isinstance(pl, dict) and pl.get("Ref") in unknown:
                    continue
                dest = rp.get("DestinationCidrBlock") or (pl and "pl " + self.val(pl)) or "(ipv6)"
                want.append((dest, target))
            # A gateway endpoint's route, which AWS adds: its service's
            # prefix list to the endpoint.
            for eid, ep in self.of_type("AWS::EC2::VPCEndpoint"):
                if ep.get("VpcEndpointType") != "Gateway":
                    continue
                if rid not in [t["Ref"] for t in ep.get("RouteTableIds", [])]:
                    continue
                name = self.val(ep["ServiceName"])
                lists = self.ec2.describe_managed_prefix_lists(
                    Filters=[{"Name": "prefix-list-name", "Values": [name]}]
                )["PrefixLists"]
                dest = "pl " + lists[0]["PrefixListId"] if lists else "(unknown)"
                want.append((dest, self.phys[eid]))
            self.expect(f"{rid} routes", sorted(got), sorted(want))

    def nat_gateways(self) -> None:
        for rid, p in self.of_type("AWS::EC2::NatGateway"):
            nat = self.ec2.describe_nat_gateways(NatGatewayIds=[self.phys[rid]])["NatGateways"][0]
            self.expect(f"{rid} SubnetId", nat["SubnetId"], self.val(p["SubnetId"]))
            self.expect(f"{rid} ConnectivityType", nat.get("ConnectivityType", "public"), p["ConnectivityType"])
            if "AllocationId" in p:
                got = [a.get("AllocationId") for a in nat["NatGatewayAddresses"]]
                self.expect(f"{rid} AllocationId", got, [self.val(p["AllocationId"])])

    @staticmethod
    def rule_key(proto, from_port, to_port, peer):
        proto = str(proto)
        if proto == "-1":
            from_port = to_port = None
        return (proto, from_port, to_port, peer)

    def security_groups(self) -> None:
        separate = self.of_type("AWS::EC2::SecurityGroupIngress")
        for rid, p in self.of_type("AWS::EC2::SecurityGroup"):
            sg = self.ec2.describe_security_groups(GroupIds=[self.phys[rid]])["SecurityGroups"][0]
            self.expect(f"{rid} VpcId", sg["VpcId"], self.val(p["VpcId"]))
            self.expect(f"{rid} GroupDescription", sg["Description"], p["GroupDescription"])
            got = set()
            for perm in sg["IpPermissions"]:
                args = (perm["IpProtocol"], perm.get("FromPort"), perm.get("ToPort"))
                for r in perm.get("IpRanges", []):
                    got.add(self.rule_key(*args, "cidr " + r["CidrIp"]))
                for g in perm.get("UserIdGroupPairs", []):
                    got.add(self.rule_key(*args, "group " + g["GroupId"]))
                for pl in perm.get("PrefixListIds", []):
                    got.add(self.rule_key(*args, "prefix list " + pl["PrefixListId"]))
            want = set()
            for r in p.get("SecurityGroupIngress", []):
                if "CidrIp" in r:  # moto drops CidrIpv6 rules
                    want.add(self.rule_key(r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), "cidr " + r["CidrIp"]))
                pl = r.get("SourcePrefixListId")
                # A declared list moto did not create is not read back.
                if pl is not None and not (isinstance(pl, dict) and pl.get("Ref") in self.res):
                    peer = "prefix list " + self.val(pl)
                    want.add(self.rule_key(r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), peer))
            for _, sp in separate:
                if self.val(sp["GroupId"]) == sg["GroupId"]:
                    peer = "group " + self.val(sp["SourceSecurityGroupId"])
                    want.add(self.rule_key(sp["IpProtocol"], sp.get("FromPort"), sp.get("ToPort"), peer))
            self.expect(f"{rid} ingress rules", sorted(got, key=str), sorted(want, key=str))

    def instances(self) -> None:
        for rid, p in self.of_type("AWS::EC2::Instance"):
            r = self.ec2.describe_instances(InstanceIds=[self.phys[rid]])["Reservations"][0]
            inst = r["Instances"][0]
            self.expect(f"{rid} InstanceType", inst["InstanceType"], p["InstanceType"])
            self.expect(f"{rid} ImageId", inst["ImageId"], self.val(p["ImageId"]))
            self.expect(f"{rid} SubnetId", inst.get("SubnetId"), self.val(p["SubnetId"]))
            self.expect(f"{rid} KeyName", inst.get("KeyName"), p.get("KeyName"))
            profile = inst.get("IamInstanceProfile", {}).get("Arn", "").rsplit("/", 1)[-1] or None
            self.expect(f"{rid} IamInstanceProfile", profile, p.get("IamInstanceProfile"))
            if "SecurityGroups" in p:
                got = sorted(g["GroupId"] for g in inst["SecurityGroups"])
                self.expect(f"{rid} security groups", got, sorted(self.val(g) for g in p["SecurityGroups"]))
            for bd in p.get("BlockDeviceMappings", []):
                vols = self.ec2.describe_volumes(
                    Filters=[
                        {"Name": "attachment.instance-id", "Values": [inst["InstanceId"]]},
                        {"Name": "attachment.device", "Values": [bd["DeviceName"]]},
                    ]
                )["Volumes"]
                sizes = [v["Size"] for v in vols]
                self.expect(f"{rid} root volume size", sizes, [bd["Ebs"]["VolumeSize"]])

    def volumes(self) -> None:
        attachments = self.of_type("AWS::EC2::VolumeAttachment")
        for rid, p in self.of_type("AWS::EC2::Volume"):
            v = self.ec2.describe_volumes(VolumeIds=[self.phys[rid]])["Volumes"][0]
            self.expect(f"{rid} Size", v["Size"], p["Size"])
            self.expect(f"{rid} AvailabilityZone", v["AvailabilityZone"], self.val(p["AvailabilityZone"]))
            got = sorted((a["InstanceId"], a["Device"]) for a in v["Attachments"])
            want = sorted(
                (self.val(ap["InstanceId"]), ap["Device"]) for _, ap in attachments if ap["VolumeId"]["Ref"] == rid
            )
            self.expect(f"{rid} attachments", got, want)

    def file_systems(self) -> None:
        efs = self.client("efs")
        targets = self.of_type("AWS::EFS::MountTarget")
        for rid, p in self.of_type("AWS::EFS::FileSystem"):
            fs = efs.describe_file_systems(FileSystemId=self.phys[rid])["FileSystems"][0]
            self.expect(f"{rid} Encrypted", fs["Encrypted"], p["Encrypted"])
            self.expect(f"{rid} PerformanceMode", fs["PerformanceMode"], p["PerformanceMode"])
            self.expect(f"{rid} ThroughputMode", fs["ThroughputMode"], p["ThroughputMode"])
            if "ProvisionedThroughputInMibps" in p:
                self.expect(
                    f"{rid} ProvisionedThroughputInMibps",
                    fs.get("ProvisionedThroughputInMibps"),
                    p["ProvisionedThroughputInMibps"],
                )
            try:
                status = efs.describe_backup_policy(FileSystemId=fs["FileSystemId"])["BackupPolicy"]["Status"]
            except efs.exceptions.PolicyNotFound:
                status = "DISABLED"  # no backup policy: as EFS answers too
            self.expect(f"{rid} BackupPolicy", status, p["BackupPolicy"]["Status"])
            name = [t["Value"] for t in fs.get("Tags", []) if t["Key"] == "Name"]
            self.expect(f"{rid} Name tag", name, [p["FileSystemTags"][0]["Value"]])
            got = []
            for mt in efs.describe_mount_targets(FileSystemId=fs["FileSystemId"])["MountTargets"]:
                groups = efs.describe_mount_target_security_groups(MountTargetId=mt["MountTargetId"])
                got.append((mt["SubnetId"], tuple(sorted(groups["SecurityGroups"]))))
            want = []
            for _, mp in targets:
                if mp["FileSystemId"]["Ref"] != rid:
                    continue
                groups = tuple(sorted(self.group_of(g) for g in mp["SecurityGroups"]))
                want.append((self.val(mp["SubnetId"]), groups))
            self.expect(f"{rid} mount targets", sorted(got), sorted(want))

    def group_of(self, v) -> str:
        """A mount target's group: a template group, or the VPC's default."""
        if isinstance(v, dict) and v.get("Fn::GetAtt", [None, None])[1] == "DefaultSecurityGroup":
            vpc = self.phys[v["Fn::GetAtt"][0]]
            groups = self.ec2.describe_security_groups(
                Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
            )["SecurityGroups"]
            return groups[0]["GroupId"]
        return self.val(v)

    def flow_logs(self) -> None:
        for rid, p in self.of_type("AWS::EC2::FlowLog"):
            vpc = self.val(p["ResourceId"])
            logs = self.ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc]}])["FlowLogs"]
            got = [
                (l["TrafficType"], l["LogDestinationType"], l.get("LogDestination") or l.get("LogGroupName"))
                for l in logs
            ]
            dest = p.get("LogDestination") or p.get("LogGroupName")
            want = [(p["TrafficType"], p["LogDestinationType"], dest)]
            self.expect(f"{rid} flow log", got, want)
            if "DeliverLogsPermissionArn" in p:  # CloudWatch Logs: the role
                got = [l.get("DeliverLogsPermissionArn") for l in logs]
                self.expect(f"{rid} DeliverLogsPermissionArn", got, [p["DeliverLogsPermissionArn"]])

    def load_balancers(self) -> None:
        for rid, p in self.of_type("AWS::ElasticLoadBalancingV2::LoadBalancer"):
            lb = self.elb.describe_load_balancers(LoadBalancerArns=[self.phys[rid]])["LoadBalancers"][0]
            self.expect(f"{rid} Scheme", lb["Scheme"], p["Scheme"])
            if p["Type"] == "application":  # moto makes every LB an ALB
                self.expect(f"{rid} Type", lb["Type"], p["Type"])
            got = sorted(z["SubnetId"] for z in lb["AvailabilityZones"])
            self.expect(f"{rid} Subnets", got, sorted(self.val(s) for s in p["Subnets"]))
            got = sorted(lb.get("SecurityGroups", []))
            self.expect(f"{rid} SecurityGroups", got, sorted(self.val(s) for s in p.get("SecurityGroups", [])))

    def listeners(self) -> None:
        for rid, p in self.of_type("AWS::ElasticLoadBalancingV2::Listener"):
            ls = self.elb.describe_listeners(ListenerArns=[self.phys[rid]])["Listeners"][0]
            self.expect(f"{rid} LoadBalancerArn", ls["LoadBalancerArn"], self.val(p["LoadBalancerArn"]))
            self.expect(f"{rid} Port", ls["Port"], p["Port"])
            self.expect(f"{rid} Protocol", ls["Protocol"], p["Protocol"])
            if "SslPolicy" in p:
                self.expect(f"{rid} SslPolicy", ls.get("SslPolicy"), p["SslPolicy"])
            if "Certificates" in p:
                got = [c["CertificateArn"] for c in ls.get("Certificates", [])]
                self.expect(f"{rid} Certificates", got, [c["CertificateArn"] for c in p["Certificates"]])
            got_action = ls["DefaultActions"][0]
            want_action = p["DefaultActions"][0]
            self.expect(f"{rid} action", got_action["Type"], want_action["Type"])
            if want_action["Type"] == "forward":
                self.expect(
                    f"{rid} target group", got_action.get("TargetGroupArn"), self.val(want_action["TargetGroupArn"])
                )
            else:
                rc, want = got_action.get("RedirectConfig", {}), want_action["RedirectConfig"]
                for k in ("Protocol", "Port", "StatusCode"):
                    self.expect(f"{rid} redirect {k}", rc.get(k), want[k])

    def listener_rules(self) -> None:
        for rid, p in self.of_type("AWS::ElasticLoadBalancingV2::ListenerRule"):
            rules = self.elb.describe_rules(RuleArns=[self.phys[rid]])["Rules"]
            self.expect(f"{rid} found", len(rules), 1)
            rule = rules[0]
            self.expect(f"{rid} Priority", str(rule["Priority"]), str(p["Priority"]))
            want_cond = p["Conditions"][0]
            got_cond = rule["Conditions"][0]
            self.expect(f"{rid} condition field", got_cond["Field"], want_cond["Field"])
            config = "PathPatternConfig" if want_cond["Field"] == "path-pattern" else "HostHeaderConfig"
            got_values = got_cond.get(config, {}).get("Values") or got_cond.get("Values")
            self.expect(f"{rid} condition values", got_values, want_cond[config]["Values"])
            action = rule["Actions"][0]
            self.expect(f"{rid} action", action["Type"], "forward")
            self.expect(
                f"{rid} target group", action.get("TargetGroupArn"), self.val(p["Actions"][0]["TargetGroupArn"])
            )

    def target_groups(self) -> None:
        for rid, p in self.of_type("AWS::ElasticLoadBalancingV2::TargetGroup"):
            tg = self.elb.describe_target_groups(TargetGroupArns=[self.phys[rid]])["TargetGroups"][0]
            self.expect(f"{rid} Protocol", tg["Protocol"], p["Protocol"])
            self.expect(f"{rid} Port", tg["Port"], p["Port"])
            self.expect(f"{rid} VpcId", tg["VpcId"], self.val(p["VpcId"]))
            self.expect(f"{rid} TargetType", tg["TargetType"], p["TargetType"])
            if "HealthCheckProtocol" in p:
                self.expect(f"{rid} HealthCheckProtocol", tg["HealthCheckProtocol"], p["HealthCheckProtocol"])
            if "HealthCheckPath" in p:
                self.expect(f"{rid} HealthCheckPath", tg.get("HealthCheckPath"), p["HealthCheckPath"])
            for key in (
                "HealthCheckPort",
                "HealthCheckIntervalSeconds",
                "HealthCheckTimeoutSeconds",
                "HealthyThresholdCount",
                "UnhealthyThresholdCount",
            ):
                if key in p:
                    self.expect(f"{rid} {key}", tg.get(key), p[key])
            if "Matcher" in p:
                self.expect(f"{rid} Matcher", tg.get("Matcher", {}).get("HttpCode"), p["Matcher"]["HttpCode"])

    def launch_templates(self) -> None:
        for rid, p in self.of_type("AWS::EC2::LaunchTemplate"):
            lt = self.ec2.describe_launch_templates(LaunchTemplateIds=[self.phys[rid]])["LaunchTemplates"][0]
            self.expect(f"{rid} LaunchTemplateName", lt["LaunchTemplateName"], self.val(p["LaunchTemplateName"]))
            data = self.ec2.describe_launch_template_versions(LaunchTemplateId=self.phys[rid])[
                "LaunchTemplateVersions"
            ][0]["LaunchTemplateData"]
            want = p["LaunchTemplateData"]
            self.expect(f"{rid} ImageId", data.get("ImageId"), self.val(want["ImageId"]))
            self.expect(f"{rid} InstanceType", data.get("InstanceType"), want["InstanceType"])
            self.expect(f"{rid} KeyName", data.get("KeyName"), want.get("KeyName"))
            self.expect(f"{rid} MetadataOptions", data.get("MetadataOptions"), want["MetadataOptions"])
            self.expect(f"{rid} IamInstanceProfile", data.get("IamInstanceProfile"), want.get("IamInstanceProfile"))
            if "SecurityGroupIds" in want:
                got = sorted(data.get("SecurityGroupIds", []))
                self.expect(f"{rid} SecurityGroupIds", got, sorted(self.val(g) for g in want["SecurityGroupIds"]))
            for k, nic in enumerate(want.get("NetworkInterfaces", [])):
                got = data.get("NetworkInterfaces", [{}])[k]
                self.expect(
                    f"{rid} interface public IP", got.get("AssociatePublicIpAddress"), nic["AssociatePublicIpAddress"]
                )
                self.expect(
                    f"{rid} interface groups",
                    sorted(got.get("Groups", [])),
                    sorted(self.val(g) for g in nic.get("Groups", [])),
                )

    def auto_scaling_groups(self) -> None:
        for rid, p in self.of_type("AWS::AutoScaling::AutoScalingGroup"):
            g = self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=[self.phys[rid]])["AutoScalingGroups"][0]
            self.expect(f"{rid} MinSize", str(g["MinSize"]), p["MinSize"])
            self.expect(f"{rid} MaxSize", str(g["MaxSize"]), p["MaxSize"])
            desired = p.get("DesiredCapacity", p["MinSize"])
            self.expect(f"{rid} DesiredCapacity", str(g["DesiredCapacity"]), desired)
            self.expect(f"{rid} instances", len(g["Instances"]), int(desired))
            got = sorted(s for s in g["VPCZoneIdentifier"].split(",") if s)
            self.expect(f"{rid} VPCZoneIdentifier", got, sorted(self.val(s) for s in p["VPCZoneIdentifier"]))
            tgs = sorted(self.val(t) for t in p.get("TargetGroupARNs", []))
            self.expect(f"{rid} TargetGroupARNs", sorted(g["TargetGroupARNs"]), tgs)
            self.expect(f"{rid} HealthCheckType", g["HealthCheckType"], p["HealthCheckType"])
            self.expect(f"{rid} HealthCheckGracePeriod", g["HealthCheckGracePeriod"], p["HealthCheckGracePeriod"])
            self.expect(
                f"{rid} LaunchTemplateId",
                g["LaunchTemplate"]["LaunchTemplateId"],
                self.val(p["LaunchTemplate"]["LaunchTemplateId"]),
            )
            # The group's instances are registered with its target groups.
            ids = sorted(i["InstanceId"] for i in g["Instances"])
            for tg in tgs:
                health = self.elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
                registered = {h["Target"]["Id"] for h in health}
                self.expect(f"{rid} instances registered in {tg.split('/')[-2]}", sorted(set(ids) & registered), ids)

    def vpc_endpoints(self) -> None:
        for rid, p in self.of_type("AWS::EC2::VPCEndpoint"):
            e = self.ec2.describe_vpc_endpoints(VpcEndpointIds=[self.phys[rid]])["VpcEndpoints"][0]
            self.expect(f"{rid} VpcId", e["VpcId"], self.val(p["VpcId"]))
            self.expect(f"{rid} ServiceName", e["ServiceName"], self.val(p["ServiceName"]))
            self.expect(f"{rid} VpcEndpointType", e["VpcEndpointType"], p["VpcEndpointType"])
            tables = sorted(self.val(t) for t in p.get("RouteTableIds", []))
            self.expect(f"{rid} RouteTableIds", sorted(e.get("RouteTableIds", [])), tables)
            subnets = sorted(self.val(s) for s in p.get("SubnetIds", []))
            self.expect(f"{rid} SubnetIds", sorted(e.get("SubnetIds", [])), subnets)
            if "PrivateDnsEnabled" in p:
                self.expect(f"{rid} PrivateDnsEnabled", e.get("PrivateDnsEnabled"), p["PrivateDnsEnabled"])
            if "PolicyDocument" in p:
                doc = e["PolicyDocument"]
                try:
                    doc = json.loads(doc)
                except ValueError:
                    # moto keeps the document from CloudFormation as a
                    # Python literal.
                    doc = ast.literal_eval(doc)
                self.expect(f"{rid} PolicyDocument", doc, p["PolicyDocument"])

    def outputs(self) -> None:
        got = {o["OutputKey"]: o["OutputValue"] for o in self.stack.get("Outputs", [])}
        for key, o in self.t.get("Outputs", {}).items():
            self.expect(f"output {key}", got.get(key), self.val(o["Value"]))


# --------------------------------------------------------------------------


def collect(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.net")))
        elif p.is_file():
            files.append(p)
        else:
            log(f"error: {p} does not exist")
            sys.exit(2)
    return files


def stack_name(path: Path, n: int) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in path.stem).strip("-") or "net"
    return f"nl{n}-{stem}"[:100]


def main() -> int:
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    if args[0] == "--netlint":
        args = args[1:]
    elif args[0].startswith("--netlint="):
        args = [args[0].split("=", 1)[1]] + args[1:]
    if not args:
        print(__doc__)
        return 2
    netlint, paths = args[0], args[1:]
    if not (os.path.isfile(netlint) and os.access(netlint, os.X_OK)):
        log(f"error: {netlint} is not an executable")
        return 2
    files = collect(paths or ["examples"])
    if not files:
        log("error: no .net files to deploy")
        return 2
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_SESSION_TOKEN="testing",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
        AWS_MAX_ATTEMPTS="1",
        AWS_RETRY_MODE="standard",
    )
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        import boto3  # noqa: F401
    except ImportError:
        log("error: boto3 is missing: install tests/external/requirements.txt")
        return 2

    failed = 0
    deployed = 0
    with tempfile.TemporaryDirectory(prefix="netlint-moto-") as tmp:
        server = Server(Path(tmp) / "moto_server.log")
        try:
            log(f"moto_server pid {server.proc.pid} on {server.url}")
            log("not read back (moto does not model them): " + "; ".join(MOTO_IGNORES))
            for n, path in enumerate(files):
                build = subprocess.run([netlint, "build", str(path)], capture_output=True, text=True)
                if build.returncode == 1:
                    log(f"SKIP {path}: netlint build refuses it (errors in the file)")
                    continue
                if build.returncode != 0:
                    log(f"FAIL {path}: netlint build exited {build.returncode}: {build.stderr.strip()}")
                    failed += 1
                    continue
                template = json.loads(build.stdout)
                region = literal_region(template) or "us-east-1"
                import boto3
                from botocore.config import Config

                acm = boto3.client(
                    "acm",
                    endpoint_url=server.url,
                    config=Config(region_name=region, retries={"total_max_attempts": 1}),
                )
                arn = acm.request_certificate(DomainName="example.com")["CertificateArn"]
                copy_ = copy.deepcopy(template)
                notes = patch_for_moto(copy_, arn)
                d = Deployment(server, stack_name(path, n), template, copy_, region)
                skipped_types = sorted({r["Type"] for r in copy_["Resources"].values() if r["Type"] in MOTO_SKIPS})
                try:
                    if d.create():
                        d.check_all()
                except Exception as e:
                    d.errors.append(f"{type(e).__name__}: {e}")
                status = "ok" if not d.errors else "FAIL"
                log(f"{status} {path}: stack {d.name} in {region}, {len(copy_['Resources'])} resources, {d.checked} checks")
                for note in notes:
                    log(f"    patched for moto: {note}")
                for ty in skipped_types:
                    log(f"    not created by moto: {ty}: {MOTO_SKIPS[ty]}")
                for e in d.errors:
                    log(f"    MISMATCH {e}")
                deployed += 1
                failed += bool(d.errors)
        finally:
            server.stop()
    log(f"{deployed} deployed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
