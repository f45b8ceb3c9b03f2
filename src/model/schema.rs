//! Which block kinds exist and which attributes each has (the blocks of `grammar/netlint.ebnf`).
//!
//! One table drives E002 (unknown kind), E003 (unknown attribute), E008
//! (missing required attribute), E009 (duplicate attribute) and the
//! "did you mean" hints, and is what editors' grammars are checked against.

/// One attribute of a kind.
#[derive(Clone, Copy, Debug)]
pub struct AttrSpec {
    pub key: &'static str,
    pub required: bool,
    pub repeatable: bool,
    /// The value shape, as shown in help lines.
    pub shape: &'static str,
}

/// One block kind.
#[derive(Clone, Copy, Debug)]
pub struct KindSpec {
    pub kind: &'static str,
    pub attrs: &'static [AttrSpec],
}

impl KindSpec {
    pub fn attr(&self, key: &str) -> Option<usize> {
        self.attrs.iter().position(|a| same_word(a.key, key))
    }
}

/// Whether two words are equal, compared inline. Kinds and keys are looked
/// up hundreds of thousands of times on a large file; most comparisons fail
/// on the length or the first byte, and the rest are a few bytes: cheaper
/// than the call to the C library's `memcmp` that `==` makes (measured:
/// a few percent of resolving).
#[inline]
pub fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

const fn req(key: &'static str, shape: &'static str) -> AttrSpec {
    AttrSpec {
        key,
        required: true,
        repeatable: false,
        shape,
    }
}
const fn opt(key: &'static str, shape: &'static str) -> AttrSpec {
    AttrSpec {
        key,
        required: false,
        repeatable: false,
        shape,
    }
}
const fn rep(key: &'static str, shape: &'static str) -> AttrSpec {
    AttrSpec {
        key,
        required: false,
        repeatable: true,
        shape,
    }
}

pub const VPC: KindSpec = KindSpec {
    kind: "vpc",
    attrs: &[
        req("cidr", "<cidr>"),
        opt("ipv6", "on|off"),
        opt("dns", "on|off"),
        opt("secondary-cidrs", "<cidr>, …"),
        opt("ipv6-cidr", "<ipv6-cidr /56>"),
        opt(
            "flow-logs",
            "<s3-arn> | cloudwatch <log-group> role <role-arn> [traffic all|accept|reject]",
        ),
    ],
};
pub const INTERNET_GATEWAY: KindSpec = KindSpec {
    kind: "internet-gateway",
    attrs: &[req("vpc", "<vpc>")],
};
pub const SUBNET: KindSpec = KindSpec {
    kind: "subnet",
    attrs: &[
        req("vpc", "<vpc>"),
        req("cidr", "<cidr>"),
        req("zone", "<zone>"),
        opt("public-ip", "on|off"),
        opt("ipv6", "on|off"),
        opt("ipv6-index", "<0..255>"),
        opt("ipv6-cidr", "<ipv6-cidr /64>"),
        opt("ipv6-on-launch", "on|off"),
    ],
};
pub const ROUTE_TABLE: KindSpec = KindSpec {
    kind: "route-table",
    attrs: &[
        req("vpc", "<vpc>"),
        opt("subnets", "<subnet>, …"),
        rep(
            "route",
            "<cidr|prefix-list> -> <internet-gateway|nat-gateway|egress-only-internet-gateway|vpc-peering|transit-gateway>",
        ),
    ],
};
pub const EIP: KindSpec = KindSpec {
    kind: "eip",
    attrs: &[opt("instance", "<instance>")],
};
pub const NAT_GATEWAY: KindSpec = KindSpec {
    kind: "nat-gateway",
    attrs: &[
        req("subnet", "<subnet>"),
        opt("eip", "<eip>"),
        opt("connectivity", "public|private"),
    ],
};
pub const SECURITY_GROUP: KindSpec = KindSpec {
    kind: "security-group",
    attrs: &[
        req("vpc", "<vpc>"),
        opt("description", "\"<text>\""),
        rep(
            "ingress",
            "[allow|deny] <protocol> [<ports>, …] from <cidr|security-group|self|prefix-list> [\"<description>\"]",
        ),
        rep(
            "egress",
            "[allow|deny] <protocol> [<ports>, …] to <cidr|security-group|self|prefix-list> [\"<description>\"]",
        ),
    ],
};
pub const NETWORK_ACL: KindSpec = KindSpec {
    kind: "network-acl",
    attrs: &[
        req("vpc", "<vpc>"),
        opt("subnets", "<subnet>, …"),
        rep(
            "inbound",
            "<number> allow|deny <protocol> [<ports>] from <cidr>",
        ),
        rep(
            "outbound",
            "<number> allow|deny <protocol> [<ports>] to <cidr>",
        ),
    ],
};
pub const INSTANCE: KindSpec = KindSpec {
    kind: "instance",
    attrs: &[
        req("subnet", "<subnet>"),
        req("ami", "ami-<hex>|ssm:<path>"),
        req("type", "<instance-type>"),
        opt("security-groups", "<security-group>, …"),
        opt("key-pair", "<key-pair-name>"),
        opt("public-ip", "on|off"),
        opt("role", "bastion"),
        opt(
            "root-volume",
            "<size> [<volume-type>] [kms-key <arn|alias>]",
        ),
        opt("imds", "v1|v2"),
        opt("user-data", "\"<script>\""),
        opt("ipv6-addresses", "<count>"),
        opt("access", "ssh|ssm|both"),
        opt("instance-profile", "<name|arn>"),
        opt("mounts", "<file-system>, …"),
    ],
};
pub const VOLUME: KindSpec = KindSpec {
    kind: "volume",
    attrs: &[
        req("zone", "<zone>"),
        req("size", "<size>"),
        opt("type", "gp2|gp3|io1|io2|st1|sc1|standard"),
        opt("iops", "<count>"),
        opt("encrypted", "on|off"),
        opt("multi-attach", "on|off"),
        rep("attach", "<instance> <device>"),
        opt("throughput", "<count>"),
        opt("kms-key", "<arn|alias>"),
    ],
};
pub const LOAD_BALANCER: KindSpec = KindSpec {
    kind: "load-balancer",
    attrs: &[
        req("type", "application|network"),
        req("subnets", "<subnet>, …"),
        opt("scheme", "internet-facing|internal"),
        opt("security-groups", "<security-group>, …"),
        opt("ip-address-type", "ipv4|dualstack"),
        rep(
            "listener",
            "<protocol> <port> -> <target-group> [certificate <arn>] [policy <name>] | http <port> redirect https <port>",
        ),
        opt("access-logs", "<s3-arn> [prefix <word>]"),
        opt("deletion-protection", "on|off"),
        opt("idle-timeout", "<duration>"),
        opt("cross-zone", "on|off"),
        opt("drop-invalid-headers", "on|off"),
        rep(
            "rule",
            "<listener-port> <priority> path|host <pattern>, … -> <target-group>",
        ),
    ],
};
pub const TARGET_GROUP: KindSpec = KindSpec {
    kind: "target-group",
    attrs: &[
        req("vpc", "<vpc>"),
        req("protocol", "http|https|tcp|udp|tls|tcp_udp"),
        req("port", "<port>"),
        opt(
            "health-check",
            "http|https|tcp [<path>] [port <n>] [healthy <n>] [unhealthy <n>] [interval <duration>] [timeout <duration>] [matcher <codes>]",
        ),
        opt("sticky", "on|off"),
        opt("targets", "<instance>, …"),
        opt("deregistration-delay", "<duration>"),
        opt("target-type", "instance|ip"),
    ],
};
pub const LAUNCH_TEMPLATE: KindSpec = KindSpec {
    kind: "launch-template",
    attrs: &[
        req("ami", "ami-<hex>|ssm:<path>"),
        req("type", "<instance-type>"),
        opt("security-groups", "<security-group>, …"),
        opt("key-pair", "<key-pair-name>"),
        opt("public-ip", "on|off"),
        opt(
            "root-volume",
            "<size> [<volume-type>] [kms-key <arn|alias>]",
        ),
        opt("imds", "v1|v2"),
        opt("user-data", "\"<script>\""),
        opt("role", "bastion"),
        opt("ipv6-addresses", "<count>"),
        opt("access", "ssh|ssm|both"),
        opt("instance-profile", "<name|arn>"),
        opt("mounts", "<file-system>, …"),
    ],
};
pub const AUTO_SCALING_GROUP: KindSpec = KindSpec {
    kind: "auto-scaling-group",
    attrs: &[
        req("launch-template", "<launch-template>"),
        req("subnets", "<subnet>, …"),
        req("min", "<count>"),
        req("max", "<count>"),
        opt("desired", "<count>"),
        opt("target-groups", "<target-group>, …"),
        opt("health-check", "ec2|elb [grace <duration>]"),
        opt("scale-out", "cpu > <percent> [add <count>]"),
        opt("scale-in", "cpu < <percent> [remove <count>]"),
        opt("target", "cpu <percent>"),
    ],
};

pub const EGRESS_ONLY_INTERNET_GATEWAY: KindSpec = KindSpec {
    kind: "egress-only-internet-gateway",
    attrs: &[req("vpc", "<vpc>")],
};
pub const PREFIX_LIST: KindSpec = KindSpec {
    kind: "prefix-list",
    attrs: &[
        req("family", "ipv4|ipv6"),
        req("entries", "<cidr>, …"),
        opt("max-entries", "<count>"),
    ],
};
pub const VPC_ENDPOINT: KindSpec = KindSpec {
    kind: "vpc-endpoint",
    attrs: &[
        req("vpc", "<vpc>"),
        req("service", "<service>"),
        opt("type", "gateway|interface"),
        opt("route-tables", "<route-table>, …"),
        opt("subnets", "<subnet>, …"),
        opt("security-groups", "<security-group>, …"),
        opt("private-dns", "on|off"),
        opt("policy", "\"<json>\""),
    ],
};
pub const FILE_SYSTEM: KindSpec = KindSpec {
    kind: "file-system",
    attrs: &[
        req("vpc", "<vpc>"),
        opt("mount-targets", "<subnet>, …"),
        opt("security-groups", "<security-group>, …"),
        opt("encrypted", "on|off"),
        opt("performance", "general-purpose|max-io"),
        opt("throughput", "bursting|elastic|provisioned <count>"),
        opt("backup", "on|off"),
    ],
};

pub const VPC_PEERING: KindSpec = KindSpec {
    kind: "vpc-peering",
    attrs: &[
        req("vpc", "<vpc>"),
        opt("peer-vpc", "<vpc>"),
        opt("peer-cidrs", "<cidr>, …"),
        opt("peer-vpc-id", "vpc-<hex>"),
        opt("peer-account", "<12-digit account id>"),
        opt("peer-region", "<region>"),
    ],
};
pub const TRANSIT_GATEWAY: KindSpec = KindSpec {
    kind: "transit-gateway",
    attrs: &[
        req("id", "tgw-<hex>"),
        req("networks", "<cidr>, …"),
        rep("attach", "<vpc> subnets <subnet>, …"),
    ],
};

/// Every block kind, in the order of the grammar's `kind block`.
pub const KINDS: &[KindSpec] = &[
    VPC,
    INTERNET_GATEWAY,
    SUBNET,
    ROUTE_TABLE,
    EIP,
    NAT_GATEWAY,
    SECURITY_GROUP,
    NETWORK_ACL,
    INSTANCE,
    VOLUME,
    LOAD_BALANCER,
    TARGET_GROUP,
    LAUNCH_TEMPLATE,
    AUTO_SCALING_GROUP,
    EGRESS_ONLY_INTERNET_GATEWAY,
    PREFIX_LIST,
    VPC_ENDPOINT,
    FILE_SYSTEM,
    VPC_PEERING,
    TRANSIT_GATEWAY,
];

pub fn kind(name: &str) -> Option<(usize, &'static KindSpec)> {
    KINDS
        .iter()
        .enumerate()
        .find(|(_, k)| same_word(k.kind, name))
}
