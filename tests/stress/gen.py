#!/usr/bin/env python3
"""Generate hostile and huge `.net` inputs for the stress bench.

    gen.py list                      the shapes, their base sizes and budgets
    gen.py SHAPE SCALE DIR           write DIR/SHAPE.net, or DIR/SHAPE.yaml or
                                     .json for a template (and DIR/SHAPE.args)

Each shape is one way a file can be large: many rules in one ACL, many
routes in one table, many VPCs, a long line, a long name... SCALE multiplies
the shape's base size (1 = the size the budgets are set for). The `.args`
file holds the netlint command line, one word per line, with FILE standing
for the generated file: `check FILE` for most shapes, a `reach` question
for the reach shape.

Deterministic: the same shape and scale always give the same bytes.
"""

import random
import sys
from pathlib import Path

SSM = "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

# name: (base size, unit, seconds budget, MiB budget, output-bytes budget
#        or None for "20 times the input, at least 1 MiB", what it stresses)
# Budgets are the targets of the issues that asked for them, times about
# three for time (a loaded 2-core CI machine must not flake) and as stated
# for memory and output, which do not depend on load.
SHAPES = {
    "acl": (5000, "rules", 3, 512, 2 << 20,
            "one network ACL with overlapping rules, on subnets with instances"),
    "routes": (10000, "routes", 3, 512, None,
               "one route table with distinct routes, used by private subnets"),
    "sg": (5000, "rules", 3, 512, None,
           "one security group with overlapping rules, on instances and an ALB"),
    "vpcs": (8000, "VPCs", 15, 1024, None,
             "a realistic network (~3.3 KB a VPC), some tiers without egress"),
    "vpc-gaps": (1000, "VPCs", 3, 512, None,
                 "the same with a gap after each VPC's block"),
    "reach": (125, "subnets", 15, 1024, 1 << 20,
              "reach 10.0.0.0/16 -> 10.0.0.0/16 over 200 port ranges"),
    "brace-line": (40000, "bytes", 3, 512, 5 << 20,
                   "one line of `}`"),
    "long-name": (1 << 20, "bytes", 3, 512, 5 << 20,
                  "a name of that length, referenced with a one-letter typo"),
    "typos": (5000, "names", 3, 512, None,
              "that many declared names and as many unknown references"),
    "bastions": (4000, "instances", 3, 512, None,
                 "bastions and private hosts, half each, all on one key pair (I504)"),
    "subnets": (4000, "subnets", 3, 512, None,
                "/28 subnets in one VPC, each with an instance"),
    "classes": (5000, "instances", 3, 512, None,
                "instances that each have their own group (one class each)"),
    "targets": (5000, "targets", 3, 512, None,
                "one target group behind an NLB in three zones"),
    "suppress": (20000, "comments", 3, 512, None,
                 "suppression comments, half of them unused (U001)"),
    "user-data": (4 << 20, "bytes", 3, 512, None,
                  "an instance with that much user data"),
    "fmt-ugly": (2000, "VPCs", 10, 1024, None,
                 "`fmt --diff` of the vpcs network with every line laid out badly"),
    "fmt-list": (100000, "items", 3, 512, None,
                 "`fmt --diff` of one list of that many items on one line"),
    "graph": (8000, "VPCs", 15, 1024, None,
              "`graph --security-groups --format dot` of the `vpcs` network"),
    # ~11 s of CPU on one core here, half of it in the YAML reader; the
    # budget leaves room for a loaded 2-core machine.
    "cfn-50mb": (50_000_000, "bytes", 40, 2048, None,
                 "a YAML CloudFormation template of VPC stanzas with short-form intrinsics"),
    "cfn-resources": (100_000, "resources", 10, 1024, None,
                      "a JSON template of security groups chained by standalone ingress rules"),
}


def rng(shape, n):
    return random.Random(f"{shape}:{n}")


def vpc_header(out, cidr="10.0.0.0/16"):
    out.append(f"region us-east-1\nvpc main {{ cidr {cidr} }}\n"
               "internet-gateway igw { vpc main }\n")


def two_tier(out, private_subnets=("app-a", "app-b")):
    """Public subnets with a bastion and a NAT, private ones with instances."""
    out.append(
        "subnet pub-a { vpc main; cidr 10.0.0.0/24; zone a }\n"
        "subnet pub-b { vpc main; cidr 10.0.1.0/24; zone b }\n"
        "subnet app-a { vpc main; cidr 10.0.10.0/24; zone a }\n"
        "subnet app-b { vpc main; cidr 10.0.11.0/24; zone b }\n"
        "eip nat-ip {}\n"
        "nat-gateway nat { subnet pub-a; eip nat-ip }\n"
        "route-table pub-rt { vpc main; subnets pub-a, pub-b; route 0.0.0.0/0 -> igw }\n"
        "security-group bastion-sg { vpc main; description \"ssh\"; ingress tcp 22 from 203.0.113.0/24 }\n"
        f"instance bastion {{ subnet pub-a; ami {SSM}; type t3.micro; security-groups bastion-sg; public-ip on; role bastion; key-pair ops }}\n"
    )
    for i, s in enumerate(private_subnets):
        out.append(
            f"instance app{i} {{ subnet {s}; ami {SSM}; type t3.micro; security-groups app-sg; key-pair app }}\n")


def port_range(r):
    a = r.choice([r.randrange(0, 65536), r.choice([22, 80, 443, 1024, 3389, 5432, 8080])])
    b = min(65535, a + r.choice([0, 0, 10, 100, 1000, 30000]))
    return str(a) if a == b else f"{a}-{b}"


def cidr(r):
    n = r.choice([8, 12, 16, 20, 24, 28, 32])
    addr = (10 << 24) | (r.getrandbits(24) if n > 8 else 0)
    addr &= (0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF
    return f"{addr >> 24}.{(addr >> 16) & 255}.{(addr >> 8) & 255}.{addr & 255}/{n}"


def crossing(k, r):
    """The k-th of a set of rules that cross each other: even ones narrow
    in ports and wide in addresses, odd ones the other way round, so that
    what they leave uncovered is a grid of ~k^2 cells (the shape that makes
    set-based evaluation super-linear), with some random rules mixed in."""
    if k % 5 == 4:
        return r.choice(["tcp", "udp"]), port_range(r), cidr(r)
    if k % 2 == 0:
        p = k * 13 % 65000
        return "tcp", f"{p}-{p + 6}", "10.0.0.0/8"
    return "tcp", "0-65535", f"10.{k % 256}.{k // 256 % 256}.0/24"


def gen_acl(n):
    r = rng("acl", n)
    out = []
    vpc_header(out)
    two_tier(out)
    out.append("route-table app-rt { vpc main; subnets app-a, app-b; route 0.0.0.0/0 -> nat }\n")
    out.append("security-group app-sg { vpc main; description \"app\"; ingress tcp 22 from bastion-sg; ingress tcp 8080 from 10.0.0.0/16 }\n")
    out.append("network-acl big {\n  vpc main\n  subnets app-a, app-b\n")
    for i in range(n):
        d, w = ("inbound", "from") if i % 2 == 0 else ("outbound", "to")
        k = i // 2
        act = "deny" if k % 3 == 0 else "allow"
        proto, ports, net = crossing(k, r)
        out.append(f"  {d} {k + 1} {act} {proto} {ports} {w} {net}\n")
    out.append("}\n")
    return "".join(out), None


def gen_routes(n):
    out = []
    vpc_header(out)
    two_tier(out)
    out.append("security-group app-sg { vpc main; description \"app\"; ingress tcp 22 from bastion-sg }\n")
    out.append("route-table app-rt {\n  vpc main\n  subnets app-a, app-b\n")
    for i in range(n):
        # Distinct destinations outside the VPC, of mixed prefix lengths.
        a, b = 100 + (i >> 14) % 100, (i >> 6) & 255
        c = (i & 63) * 4
        out.append(f"  route {a}.{b}.{c}.0/{22 + i % 3 * 2 if c % 16 == 0 else 30} -> {'nat' if i % 2 else 'igw'}\n")
    out.append("  route 0.0.0.0/0 -> nat\n}\n")
    return "".join(out), None


def gen_sg(n):
    r = rng("sg", n)
    out = []
    vpc_header(out)
    two_tier(out)
    out.append("route-table app-rt { vpc main; subnets app-a, app-b; route 0.0.0.0/0 -> nat }\n")
    out.append("security-group alb-sg { vpc main; description \"alb\"; ingress tcp 443 from 0.0.0.0/0 }\n")
    out.append("security-group app-sg {\n  vpc main\n  description \"big\"\n")
    for i in range(n):
        d, w = ("ingress", "from") if i % 3 else ("egress", "to")
        proto, ports, net = crossing(i, r)
        peer = r.choice(["alb-sg", "bastion-sg", "self"]) if i % 7 == 6 else net
        out.append(f"  {d} {proto} {ports} {w} {peer}\n")
    out.append("}\n")
    out.append(
        "load-balancer web { type application; subnets pub-a, pub-b; security-groups alb-sg\n"
        "  listener https 443 -> app-tg certificate arn:aws:acm:us-east-1:123456789012:certificate/x }\n"
        "target-group app-tg { vpc main; protocol http; port 8080; health-check http /; targets app0, app1 }\n")
    return "".join(out), None


def gen_vpcs(n, gaps=False):
    """~3.3 KB per VPC; one in three has a data tier with no route to a NAT
    gateway (X905 finds it). VPC i is the i-th /22 of 10.0.0.0/8, or with
    `gaps` the /22 at 10.0.0.0 + i * 2048: blocks with gaps between them, as
    real address plans have, so that the space outside the VPCs (the
    internet) is n intervals rather than one."""
    out = ["region us-east-1\ndescription \"stress: many VPCs\"\n"]

    def ip(x):
        return f"{x >> 24 & 255}.{x >> 16 & 255}.{x >> 8 & 255}.{x & 255}"

    for i in range(n):
        base = (10 << 24) + i * (2048 if gaps else 1024)
        isolated = i % 3 == 0
        net = {k: ip(base + off) for k, off in
               (("vpc", 0), ("puba", 0), ("pubb", 64), ("appa", 128), ("appb", 192), ("dba", 256))}
        out.append(f"""
# ---- VPC {i} ----
vpc v{i} {{ cidr {net['vpc']}/22; dns on }}
internet-gateway igw{i} {{ vpc v{i} }}
subnet pub{i}a {{ vpc v{i}; cidr {net['puba']}/26; zone a }}
subnet pub{i}b {{ vpc v{i}; cidr {net['pubb']}/26; zone b }}
subnet app{i}a {{ vpc v{i}; cidr {net['appa']}/26; zone a }}
subnet app{i}b {{ vpc v{i}; cidr {net['appb']}/26; zone b }}
subnet db{i}a {{ vpc v{i}; cidr {net['dba']}/26; zone a }}
eip nat{i}ip {{}}
nat-gateway nat{i} {{ subnet pub{i}a; eip nat{i}ip }}
route-table pub{i}rt {{
  vpc v{i}
  subnets pub{i}a, pub{i}b
  route 0.0.0.0/0 -> igw{i}
}}
route-table app{i}rt {{
  vpc v{i}
  subnets app{i}a, app{i}b{"" if isolated else f", db{i}a"}
  route 0.0.0.0/0 -> nat{i}
}}
{f"route-table db{i}rt {{ vpc v{i}; subnets db{i}a }}" if isolated else ""}
security-group bastion{i}sg {{
  vpc v{i}
  description "bastion"
  ingress tcp 22 from 198.51.100.0/24
}}
security-group alb{i}sg {{
  vpc v{i}
  description "alb"
  ingress tcp 443 from 0.0.0.0/0
  ingress tcp 80 from 0.0.0.0/0
}}
security-group app{i}sg {{
  vpc v{i}
  description "app"
  ingress tcp 8080 from alb{i}sg
  ingress tcp 22 from bastion{i}sg
}}
security-group db{i}sg {{
  vpc v{i}
  description "db"
  ingress tcp 5432 from app{i}sg
  ingress tcp 22 from bastion{i}sg
}}
network-acl db{i}acl {{
  vpc v{i}
  subnets db{i}a
  inbound 100 allow tcp 5432 from {net['appa']}/25
  inbound 110 allow tcp 22 from {net['puba']}/26
  inbound 120 allow tcp 1024-65535 from 0.0.0.0/0
  outbound 100 allow tcp 1024-65535 to {net['vpc']}/22
  outbound 110 allow tcp 443 to 0.0.0.0/0
}}
network-acl app{i}acl {{
  vpc v{i}
  subnets app{i}a, app{i}b
  inbound 100 allow tcp 8080 from {net['puba']}/25
  inbound 110 allow tcp 22 from {net['puba']}/26
  inbound 120 allow tcp 1024-65535 from 0.0.0.0/0
  outbound 100 allow tcp 1024-65535 to 0.0.0.0/0
  outbound 110 allow tcp 443 to 0.0.0.0/0
  outbound 120 allow tcp 80 to 0.0.0.0/0
  outbound 90 allow tcp 5432 to {net['dba']}/26
}}
instance bastion{i} {{
  subnet pub{i}a
  ami {SSM}
  type t3.micro
  security-groups bastion{i}sg
  key-pair ops
  public-ip on
  role bastion
}}
instance db{i} {{
  subnet db{i}a
  ami {SSM}
  type r7i.large
  security-groups db{i}sg
  key-pair ops
}}
instance db{i}replica {{
  subnet db{i}a
  ami {SSM}
  type r7i.large
  security-groups db{i}sg
  key-pair ops
}}
volume db{i}data {{ zone a; size 200GiB; type gp3; encrypted on; attach db{i} /dev/xvdf }}
load-balancer web{i} {{
  type application
  subnets pub{i}a, pub{i}b
  security-groups alb{i}sg
  listener https 443 -> app{i}tg certificate arn:aws:acm:us-east-1:123456789012:certificate/c{i}
  listener http 80 redirect https 443
}}
target-group app{i}tg {{ vpc v{i}; protocol http; port 8080; health-check http /health }}
launch-template app{i}lt {{ ami {SSM}; type m7i.large; security-groups app{i}sg; key-pair ops }}
auto-scaling-group app{i}asg {{
  launch-template app{i}lt
  subnets app{i}a, app{i}b
  min 2
  max 6
  target-groups app{i}tg
  health-check elb grace 120s
  target cpu 60%
}}
""")
    return "".join(out), None


def gen_graph(n):
    text, _ = gen_vpcs(n)
    return text, ["graph", "--security-groups", "--format", "dot", "FILE"]


def gen_vpc_gaps(n):
    return gen_vpcs(n, gaps=True)


def gen_reach(n):
    """n /24 subnets in one VPC, each with an instance; the question asks
    from the whole VPC to the whole VPC on 200 port ranges."""
    out = []
    vpc_header(out)
    out.append("eip nat-ip {}\nnat-gateway nat { subnet s0; eip nat-ip }\n")
    out.append("security-group web { vpc main; description \"web\"; ingress tcp 1-200 from 10.0.0.0/16 }\n")
    out.append("network-acl mid { vpc main; subnets " + ", ".join(f"s{i}" for i in range(1, n, 2))
               + "\n  inbound 100 allow tcp 1-300 from 10.0.0.0/16\n  inbound 200 allow tcp 1024-65535 from 0.0.0.0/0\n"
               "  outbound 100 allow all to 0.0.0.0/0\n}\n")
    pub = []
    for i in range(n):
        out.append(f"subnet s{i} {{ vpc main; cidr 10.0.{i}.0/24; zone {'abc'[i % 3]} }}\n")
        out.append(f"instance h{i} {{ subnet s{i}; ami {SSM}; type t3.micro; security-groups web }}\n")
        if i % 4 == 0:
            pub.append(f"s{i}")
    out.append(f"route-table pub {{ vpc main; subnets {', '.join(pub)}; route 0.0.0.0/0 -> igw }}\n")
    ports = [str(p) for p in range(1, 400, 2)]
    return "".join(out), ["reach", "FILE", "10.0.0.0/16", "10.0.0.0/16", "tcp"] + ports


def gen_brace_line(n):
    return "}" * n + "\n", None


def gen_long_name(n):
    name = "a" * n
    typo = name[:-1] + "b"
    return (f"vpc {name} {{ cidr 10.0.0.0/16 }}\n"
            f"subnet s {{ vpc {typo}; cidr 10.0.1.0/24; zone a }}\n"), None


def gen_typos(n):
    out = ["vpc main { cidr 10.0.0.0/16 }\n"]
    for i in range(n):
        out.append(f"security-group group-number-{i} {{ vpc main }}\n")
    for i in range(n):
        out.append(f"instance i{i} {{ subnet nowhere-{i}; ami ami-0abc1234; type t3.micro; "
                   f"security-groups group-numbr-{i} }}\n")
    return "".join(out), None


def gen_bastions(n):
    """Half the instances are bastions in public subnets, half private
    hosts, all with one key pair: each bastion's I504 finding names the
    hosts, so listing them per bastion would be quadratic."""
    out = []
    vpc_header(out)
    two_tier(out, private_subnets=())
    out.append("route-table app-rt { vpc main; subnets app-a, app-b; route 0.0.0.0/0 -> nat }\n")
    out.append("security-group app-sg { vpc main; description \"app\"; ingress tcp 22 from bastion-sg }\n")
    for i in range(n // 2):
        out.append(f"instance b{i} {{ subnet pub-{'ab'[i % 2]}; ami {SSM}; type t3.micro; "
                   f"security-groups bastion-sg; public-ip on; role bastion; key-pair ops }}\n")
        out.append(f"instance h{i} {{ subnet app-{'ab'[i % 2]}; ami {SSM}; type t3.micro; "
                   f"security-groups app-sg; key-pair ops }}\n")
    return "".join(out), None


def gen_subnets(n):
    out = []
    vpc_header(out)
    out.append("security-group app-sg { vpc main; description \"app\"; ingress tcp 22 from 10.0.0.0/16 }\n")
    out.append("eip nat-ip {}\nnat-gateway nat { subnet s0; eip nat-ip }\n")
    for i in range(n):
        base = i * 16
        out.append(f"subnet s{i} {{ vpc main; cidr 10.0.{base >> 8 & 255}.{base & 255}/28; zone {'abc'[i % 3]} }}\n")
        out.append(f"instance h{i} {{ subnet s{i}; ami {SSM}; type t3.micro; security-groups app-sg }}\n")
    out.append("route-table rt { vpc main; subnets " + ", ".join(f"s{i}" for i in range(1, n)) + "; route 0.0.0.0/0 -> nat }\n")
    out.append("route-table pub { vpc main; subnets s0; route 0.0.0.0/0 -> igw }\n")
    return "".join(out), None


def gen_classes(n):
    out = []
    vpc_header(out)
    two_tier(out, private_subnets=())
    out.append("route-table app-rt { vpc main; subnets app-a, app-b; route 0.0.0.0/0 -> nat }\n")
    for i in range(n):
        out.append(f"security-group g{i} {{ vpc main; description \"g\"; ingress tcp {1000 + i % 60000} from g{(i + 1) % n}; ingress tcp 22 from bastion-sg }}\n")
        out.append(f"instance h{i} {{ subnet app-{'ab'[i % 2]}; ami {SSM}; type t3.micro; security-groups g{i}; key-pair app }}\n")
    return "".join(out), None


def gen_targets(n):
    out = []
    vpc_header(out, "10.0.0.0/8")
    out.append(
        "subnet e-a { vpc main; cidr 10.0.0.0/24; zone a }\n"
        "subnet e-b { vpc main; cidr 10.0.1.0/24; zone b }\n"
        "subnet e-c { vpc main; cidr 10.0.2.0/24; zone c }\n"
        "route-table pub { vpc main; subnets e-a, e-b, e-c; route 0.0.0.0/0 -> igw }\n"
        "security-group t-sg { vpc main; description \"t\"; ingress tcp 8883 from 10.0.0.0/8 }\n"
        "load-balancer nlb { type network; subnets e-a, e-b, e-c; listener tcp 8883 -> tg }\n")
    for k in range((n + 199) // 200):
        out.append(f"subnet t{k} {{ vpc main; cidr 10.{1 + k // 256}.{k % 256}.0/24; zone {'abc'[k % 3]} }}\n")
    for i in range(n):
        out.append(f"instance b{i} {{ subnet t{i // 200}; ami {SSM}; type t3.micro; security-groups t-sg }}\n")
    out.append("target-group tg { vpc main; protocol tcp; port 8883; health-check tcp\n  targets "
               + ", ".join(f"b{i}" for i in range(n)) + " }\n")
    return "".join(out), None


def gen_suppress(n):
    out = ["vpc main { cidr 10.0.0.0/16 }\n"]
    for i in range(n // 2):
        out.append(f"# netlint: allow S310 -- group {i}\n"
                   f"security-group g{i} {{ vpc main }}  # netlint: allow S307, X901\n")
    return "".join(out), None


def gen_user_data(n):
    r = rng("user-data", n)
    words = ["echo", "yum", "install", "-y", "nginx", "password", "key", "AKIA", "BEGIN", "&&", "systemctl"]
    text = []
    size = 0
    while size < n:
        w = r.choice(words)
        text.append(w)
        size += len(w) + 1
    out = []
    vpc_header(out)
    out.append("subnet s { vpc main; cidr 10.0.0.0/24; zone a }\n")
    out.append(f"instance h {{ subnet s; ami {SSM}; type t3.micro\n  user-data \"{' '.join(text)}\" }}\n")
    return "".join(out), None


def gen_fmt_ugly(n):
    text, _ = gen_vpcs(n)
    ugly = text.replace("; ", " ;  ").replace("\n  ", "\n\t").replace(" {", "{")
    return ugly, ["fmt", "--diff", "FILE"]


def gen_fmt_list(n):
    out = []
    vpc_header(out)
    out.append("route-table rt { vpc main; subnets "
               + ",".join(f"s{i}" for i in range(n)) + " }\n")
    return "".join(out), ["fmt", "--diff", "FILE"]


def gen_cfn_50mb(n):
    """VPC stanzas (public + private subnet, routes, a group, an instance)
    written as people write YAML templates, up to n bytes."""
    out = ["AWSTemplateFormatVersion: 2010-09-09\n"
           "Parameters:\n  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}\n"
           "  AdminCidr: {Type: String, Default: 198.51.100.0/24}\n"
           "Conditions:\n  IsDev: !Equals [!Ref Env, dev]\n"
           "Resources:\n"]
    size = len(out[0])
    i = 0
    while size < n:
        a, b = i // 256 % 256, i % 256
        block = f"10.{a}.{b}.0/24"
        stanza = f"""  Vpc{i}:
    Type: AWS::EC2::VPC
    Properties: {{CidrBlock: {block}, Tags: [{{Key: Name, Value: !Sub '${{Env}}-vpc-{i}'}}]}}
  Igw{i}: {{Type: AWS::EC2::InternetGateway}}
  Attach{i}: {{Type: AWS::EC2::VPCGatewayAttachment, Properties: {{VpcId: !Ref Vpc{i}, InternetGatewayId: !Ref Igw{i}}}}}
  Public{i}:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc{i}
      AvailabilityZone: !Select [0, !GetAZs '']
      CidrBlock: !Select [0, !Cidr [{block}, 2, 7]]
      MapPublicIpOnLaunch: true
  Private{i}:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc{i}
      AvailabilityZone: !Select [1, !GetAZs '']
      CidrBlock: !Select [1, !Cidr [{block}, 2, 7]]
  Routes{i}: {{Type: AWS::EC2::RouteTable, Properties: {{VpcId: !Ref Vpc{i}}}}}
  Default{i}:
    Type: AWS::EC2::Route
    DependsOn: Attach{i}
    Properties: {{RouteTableId: !Ref Routes{i}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw{i}}}
  PublicRoutes{i}: {{Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {{SubnetId: !Ref Public{i}, RouteTableId: !Ref Routes{i}}}}}
  WebGroup{i}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web {i}
      VpcId: !Ref Vpc{i}
      SecurityGroupIngress:
        - {{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}}
        - !If [IsDev, {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr}}, !Ref AWS::NoValue]
  Web{i}:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: t3.micro
      SubnetId: !Ref Public{i}
      SecurityGroupIds: [!GetAtt WebGroup{i}.GroupId]
      MetadataOptions: {{HttpTokens: required}}
"""
        out.append(stanza)
        size += len(stanza)
        i += 1
    return "".join(out), ["check", "--no-config", "--region", "us-east-1", "FILE"], "yaml"


def gen_cfn_resources(n):
    """One VPC and security groups, each admitting the previous one through
    a standalone SecurityGroupIngress: n resources in all, in JSON."""
    items = ['"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}']
    groups = (n - 1) // 2
    for i in range(groups):
        items.append(f'"G{i}": {{"Type": "AWS::EC2::SecurityGroup", "Properties": '
                     f'{{"GroupDescription": "group {i}", "VpcId": {{"Ref": "Vpc"}}}}}}')
        if len(items) < n:
            src = f"G{i - 1}" if i > 0 else f"G{groups - 1}"
            items.append(f'"In{i}": {{"Type": "AWS::EC2::SecurityGroupIngress", "Properties": '
                         f'{{"GroupId": {{"Fn::GetAtt": ["G{i}", "GroupId"]}}, "IpProtocol": "tcp", '
                         f'"FromPort": 443, "ToPort": 443, "SourceSecurityGroupId": {{"Ref": "{src}"}}}}}}')
    while len(items) < n:
        items.append(f'"Eip{len(items)}": {{"Type": "AWS::EC2::EIP", "Properties": {{"Domain": "vpc"}}}}')
    text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {\n' + ",\n".join(items) + "\n}}\n"
    return text, ["check", "--no-config", "--region", "us-east-1", "FILE"], "json"


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        for name, (size, unit, secs, mib, outb, what) in SHAPES.items():
            ob = outb if outb is not None else 0
            print(f"{name} {size} {unit} {secs} {mib} {ob} {what}")
        return 0
    if len(argv) != 4 or argv[1] not in SHAPES:
        print(__doc__, file=sys.stderr)
        return 2
    shape, scale, out_dir = argv[1], float(argv[2]), Path(argv[3])
    size = max(1, int(SHAPES[shape][0] * scale))
    # A generator returns (text, args) for a .net file, or (text, args,
    # extension) for another kind of file (a template).
    text, args, *ext = globals()["gen_" + shape.replace("-", "_")](size)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{shape}.{ext[0] if ext else 'net'}").write_text(text)
    (out_dir / f"{shape}.args").write_text("\n".join(args or ["check", "--no-config", "FILE"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
