//! The one table of codes. One line per code: the code, its kebab-case
//! name, its default severity and a one-line summary; the documentation is
//! `docs/<CODE>.md`. Areas are in catalog order, codes in code order inside
//! each; codes are stable: never renumber or reuse one.

super::catalog! {
    Errors = 'E', "errors in the file itself", FrontEnd {
        E001 "syntax-error" Error "the text does not follow the grammar";
        E002 "unknown-kind" Error "a block kind that does not exist";
        E003 "unknown-attribute" Error "a key the kind does not have";
        E004 "invalid-value" Error "a value of the wrong type or out of range";
        E005 "unknown-reference" Error "a name that is not declared";
        E006 "wrong-reference-kind" Error "a name of the wrong kind";
        E007 "duplicate-name" Error "a name declared twice";
        E008 "missing-attribute" Error "a required attribute is absent";
        E009 "duplicate-attribute" Error "a non-repeatable attribute given twice";
        E010 "logical-id-collision" Error "two resources would get the same CloudFormation logical ID";
    }
    Templates = 'T', "CloudFormation templates", Template {
        T001 "template-unreadable" Error "a template that is not well-formed JSON or YAML, too deep or too large";
        T002 "template-structure" Error "a template section or resource of the wrong shape, a duplicate key, a YAML alias or an unknown tag";
        T003 "template-bad-intrinsic" Error "an intrinsic function with wrong arguments, a name that refers to nothing, a cycle, or a value that cannot be computed";
        T004 "template-parameter" Error "a parameter value the parameter does not allow, a parameter given that the template does not declare, or an unreadable parameters file";
        T005 "template-unknown-value" Warning "a value netlint needs but cannot know (an import, a parameter without a value, a resource outside the template): what it affects and how to supply it";
        T006 "template-not-analysed" Info "resources of types outside netlint's domain, a transform netlint does not apply, or a parameter pattern it cannot match";
        T007 "template-not-mapped" Warning "a resource or property netlint cannot express in its model (a route to a peering connection, a rule on an unsupported protocol, …)";
    }
    Addressing = 'A', "addressing", Rules {
        A101 "subnet-outside-vpc" Error "a subnet's CIDR is not inside its VPC's CIDR";
        A102 "subnet-overlap" Error "two subnets of one VPC overlap";
        A103 "cidr-size" Error "a VPC or subnet prefix is outside /16../28";
        A104 "cidr-host-bits" Error "a CIDR has host bits set (`10.0.1.5/24`); help names the network";
        A105 "subnet-capacity" Warning "what is planned in a subnet (instances, ASG max spread over its subnets, NAT gateways, load balancer nodes) exceeds its usable addresses (size − 5 reserved)";
        A106 "public-vpc-range" Warning "a VPC CIDR outside RFC 1918 (and 100.64/10)";
        A107 "subnet-ipv6-outside-vpc" Error "a subnet's IPv6 /64 is not inside its VPC's IPv6 block, or two subnets share one /64";
    }
    Routes = 'R', "routes and gateways", Rules {
        R201 "nat-in-private-subnet" Error "a public NAT gateway sits in a subnet without a 0.0.0.0/0 route to an internet gateway";
        R202 "nat-without-eip" Error "a public NAT gateway has no EIP";
        R203 "public-ip-in-private-subnet" Warning "an instance or launch template gets a public IP in a private subnet (the address is useless and signals a mistake)";
        R204 "public-subnet-no-public-ip" Info "a public subnet with `public-ip off` hosts instances without public IPs or EIPs (unreachable from the internet; fine for NAT/ALB-only subnets)";
        R205 "gateway-vpc-mismatch" Error "a route points at a gateway of another VPC, or a subnet/route-table/ACL pair spans VPCs";
        R206 "cross-zone-nat" Info "a private subnet reaches the internet through a NAT gateway in another zone";
        R207 "implicit-main-route-table" Info "a subnet has no route table and silently uses the main one";
        R208 "subnet-multiple-route-tables" Error "a subnet is associated with two route tables";
        R209 "duplicate-route" Error "one route table has two routes for the same destination";
        R210 "igw-not-attached" Error "a route targets an internet gateway that is attached to no VPC or another VPC";
        R211 "unused-eip" Info "an EIP is associated with nothing";
        R212 "peering-cidr-overlap" Error "the two sides of a peering have overlapping CIDRs (AWS refuses the peering)";
        R213 "peering-no-return-route" Warning "VPC a routes to VPC b over a peering, but the route tables of the subnets of b that a reaches do not route a's block back over it: replies are lost";
        R214 "peering-not-transitive" Error "a route over a peering to addresses outside the peer VPC's blocks (peering is not transitive; edge-to-edge routing is not supported)";
        R215 "tgw-zone-without-attachment" Warning "a subnet routes to a transit gateway, but the VPC's attachment has no subnet in that subnet's zone, so its traffic cannot enter the transit gateway";
        R216 "nat-for-gateway-endpoint-service" Info "private subnets reach S3 or DynamoDB through a NAT gateway while no gateway endpoint serves their route table (NAT charges per GB; a gateway endpoint is free)";
        R217 "route-family-mismatch" Error "an IPv4 route to an egress-only internet gateway, an IPv6 route to a NAT gateway (except `64:ff9b::/96`, NAT64 with DNS64), or a family mismatch between destination and target";
        R218 "endpoint-dns-needs-vpc-dns" Error "an interface endpoint with private DNS in a VPC with `dns off` (AWS refuses it)";
        R219 "one-subnet-per-zone" Error "an interface endpoint or a transit-gateway attachment with two subnets in one zone (AWS refuses it)";
    }
    SecurityGroups = 'S', "security groups", Rules {
        S301 "sg-deny-rule" Error "a security group rule says `deny`: groups are allow-only";
        S302 "sensitive-port-open" Warning "ingress from 0.0.0.0/0 or ::/0 to an admin or data port";
        S303 "all-traffic-open" Error "ingress `all` (or tcp 0-65535) from 0.0.0.0/0 or ::/0";
        S304 "redundant-return-rule" Info "an egress rule whose only purpose is return traffic (ephemeral ports back to an ingress source): groups are stateful";
        S305 "ssh-bypasses-bastion" Warning "the file declares a bastion, yet an instance in a private subnet (not a bastion itself) accepts SSH/RDP from a CIDR instead of from the bastion's security group";
        S306 "sg-vpc-mismatch" Error "an instance, template, load balancer or file system uses a group of another VPC, or a rule names a group of another VPC";
        S307 "unused-security-group" Info "a group is attached to nothing and referenced by nothing";
        S308 "redundant-sg-rule" Info "a rule is covered by another rule of the same group";
        S309 "wide-ingress-range" Warning "ingress from 0.0.0.0/0 to a port range wider than 1000 ports";
        S310 "sg-missing-description" Info "a group without `description` (reviewers and the console show it)";
        S311 "sg-rule-quota" Error "a group's rules in one direction, declared prefix lists counted at their max-entries, exceed the default quota of 60 (IPv4 and IPv6 counted apart)";
    }
    NetworkAcls = 'N', "network ACLs", Rules {
        N401 "nacl-missing-return" Error "a network ACL admits traffic in one direction but denies its replies in the other";
        N402 "nacl-shadowed-rule" Warning "a network ACL rule can never match: lower-numbered rules decide everything it covers";
        N403 "nacl-too-many-rules" Error "a network ACL has more than 20 rules in one direction (the default quota)";
        N404 "nacl-duplicate-number" Error "two rules in one direction of a network ACL share a number";
        N405 "nacl-number-range" Error "a network ACL rule number outside 1..32766";
        N406 "subnet-multiple-acls" Error "a subnet is associated with two network ACLs";
        N407 "acl-blocks-sg" Warning "a security group rule admits traffic that the subnet's network ACL always denies";
        N408 "nacl-no-gap" Info "consecutive network ACL rule numbers leave no room to insert a rule later";
        N409 "acl-allow-superseded" Info "an allow rule whose traffic a later, broader allow rule admits anyway with no deny in between: its restriction is not enforced";
        N410 "acl-admin-port-open" Warning "an inbound ACL rule written for an admin port (22, 3389; a range of at most 1000 ports holding one) allows it from 0.0.0.0/0 or ::/0";
    }
    Instances = 'I', "instances and bastions", Rules {
        I501 "bastion-in-private-subnet" Error "a `role bastion` instance sits in a private subnet";
        I502 "bastion-without-public-ip" Error "a bastion has neither a public IP nor an EIP";
        I503 "bastion-open-to-world" Warning "a bastion accepts SSH from 0.0.0.0/0";
        I504 "shared-key-pair" Info "a bastion and private instances share one key pair";
        I505 "no-admin-path" Info "a private instance with a key pair that no bastion can reach over SSH";
        I506 "imdsv1-enabled" Warning "`imds v1` on an instance or launch template (IMDSv1 enables SSRF credential theft)";
        I507 "secret-in-user-data" Error "user data that contains what looks like a credential (AWS access key id `AKIA…`/`ASIA…`, a private key block, `password=`)";
        I508 "ssm-without-profile" Warning "a host with `access ssm` or `both` has no `instance-profile`";
        I509 "unknown-instance-type" Error "`type` on an instance or launch template is not an EC2 instance type (did-you-mean from the catalog)";
        I510 "previous-generation-type" Info "the instance type is of a previous generation (m4, c4, r4, t1, …): the current family to use instead";
        I511 "unused-public-ip" Info "a host gets a public IPv4 address, yet nothing on the internet can reach it on any port";
    }
    Volumes = 'V', "EBS volumes", Rules {
        V601 "volume-zone-mismatch" Error "a volume is attached to an instance in another zone";
        V602 "volume-multi-attach" Error "a volume is attached to more than one instance without io1/io2 `multi-attach on`";
        V603 "volume-size-range" Error "size outside the type's range (gp2 1 GiB–16 TiB, gp3 1 GiB–64 TiB, io1 4 GiB–16 TiB, io2 4 GiB–64 TiB, st1/sc1 125 GiB–16 TiB, standard 1 GiB–1 TiB)";
        V604 "volume-unencrypted" Warning "`encrypted off`";
        V605 "device-name-conflict" Error "two volumes use one device name on one instance";
        V606 "unattached-volume" Info "a volume attached to nothing";
        V607 "multi-attach-type" Error "`multi-attach on` with a type other than io1/io2";
        V608 "volume-performance-range" Error "IOPS or throughput outside the type's documented limits (gp3 up to 80,000 IOPS and 500 per GiB, throughput up to 2,000 MiB/s and IOPS/4; io1 50 IOPS per GiB; io2 1,000 per GiB), or set on a type that takes none";
    }
    FileSystems = 'F', "EFS file systems", Rules {
        F101 "efs-unencrypted" Warning "a file system with `encrypted off`";
        F102 "efs-zone-without-mount-target" Warning "a client of a file system lives in a zone where it has no mount target";
        F103 "efs-mount-targets-same-zone" Error "two mount targets of one file system in one zone";
        F104 "efs-open-to-world" Warning "a mount target's groups admit NFS (tcp 2049) from 0.0.0.0/0 or ::/0";
    }
    LoadBalancers = 'L', "load balancers", Rules {
        L701 "listener-layer-mismatch" Error "an application LB with a tcp/udp/tls listener, or a network LB with http/https";
        L702 "lb-single-zone" Error "an application LB whose subnets do not span at least two zones";
        L703 "internet-facing-in-private-subnet" Error "an internet-facing LB with a private subnet";
        L704 "tls-without-certificate" Error "an https or tls listener with no certificate";
        L705 "plaintext-listener" Warning "an internet-facing http listener that forwards instead of redirecting to https";
        L706 "target-protocol-mismatch" Error "a load balancer forwards to a target group of the other layer";
        L707 "lb-subnets-same-zone" Error "two subnets of one LB in the same zone";
        L708 "lb-vpc-mismatch" Error "LB subnets, its target groups or targets in different VPCs";
        L709 "dualstack-without-ipv6" Error "`ip-address-type dualstack` in a VPC without `ipv6 on`";
        L710 "sticky-on-network-lb" Info "stickiness on a network LB is source-IP based, not cookie based";
        L711 "no-health-check" Warning "a target group without an explicit health check, or with an http path on a tcp check";
        L712 "orphan-target-group" Warning "a target group that no listener forwards to";
        L713 "outdated-tls-policy" Warning "an https/tls listener with a policy that allows TLS below 1.2";
        L714 "redirect-to-missing-https" Error "an http redirect targets a port with no https listener on that load balancer";
        L715 "invalid-headers-kept" Warning "an application LB with `drop-invalid-headers off` (request smuggling; Security Hub ELB.4)";
        L716 "listener-rule-conflict" Error "two rules of one listener share a priority, or a rule names a listener port that does not exist";
    }
    AutoScaling = 'G', "Auto Scaling", Rules {
        G801 "asg-size-order" Error "not min ≤ desired ≤ max";
        G802 "asg-single-zone" Warning "all the group's subnets are in one zone";
        G803 "asg-ec2-health-check" Warning "the group serves target groups but uses the ec2 health check";
        G804 "scaling-thresholds-overlap" Error "scale-in threshold ≥ scale-out threshold (the group would flap)";
        G805 "asg-public-instances" Warning "a group behind a load balancer gives its instances public IPs in public subnets";
        G806 "asg-vpc-mismatch" Error "the group's subnets, template security groups or target groups span VPCs";
        G807 "scaling-mixed" Error "`target` together with `scale-out`/`scale-in`";
        G808 "scaling-fixed-size" Warning "a scaling policy on a group whose min equals max (it can never scale)";
    }
    Reachability = 'X', "reachability", Rules {
        X901 "exposed-service" Error "an instance is reachable from the open internet on an admin or data port";
        X902 "listener-unreachable" Error "an internet-facing listener port cannot be reached from the internet";
        X903 "targets-unreachable" Error "a load balancer cannot reach its targets on the target port";
        X904 "bastion-cannot-reach" Warning "SSH from a bastion to a private instance in its VPC is blocked somewhere";
        X905 "no-egress" Info "a host has no path to the internet on tcp 443 or 80 (private: no NAT; public: its egress rules or no public address): it cannot fetch updates";
        X906 "efs-unreachable" Error "a client cannot reach the mount target it uses (its zone's, else another's) on tcp 2049";
        X907 "ssm-unreachable" Warning "a host with `access ssm` or `both` has no path on tcp 443 to Session Manager (ssm, ssmmessages): through its VPC's interface endpoints where they take the names, else NAT or the internet";
        X908 "endpoint-unreachable" Warning "a host cannot reach an interface endpoint with private DNS in its VPC on tcp 443: its calls to that service fail, NAT or not";
    }
    Suppressions = 'U', "suppressions", Suppressions {
        U001 "unused-suppression" Warning "a `# netlint: allow` comment that silenced nothing, or names an unknown code";
    }
}
