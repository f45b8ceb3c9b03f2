//! Area I through the whole pipeline: launch-template bastions, key sharing
//! across kinds, secrets located in escaped user data, and the lecture
//! example, which must give nothing from areas S and I.

use crate::check::{CheckOptions, check_source};
use crate::rules::security_groups::tests::{codes, findings};

const AMI: &str = "ami-0c55b159";

fn bastion_lt(extra_lt: &str, subnets: &str) -> String {
    format!(
        "launch-template jump-lt {{ ami {AMI}; type t3.micro; role bastion{extra_lt} }}
auto-scaling-group jump {{ launch-template jump-lt; subnets {subnets}; min 1; max 1 }}
"
    )
}

#[test]
fn bastion_templates_are_bastions() {
    // In a private subnet: I501 at the group's subnet; the subnet maps no
    // public IP either: I502 at the role (findings come in file order).
    let got = findings(&bastion_lt("", "private-a"));
    assert_eq!(
        got,
        vec![
            ("I502", "role bastion".to_string()),
            ("I501", "private-a".to_string())
        ]
    );
    // In the public subnet (which maps public IPs): fine.
    assert!(codes(&bastion_lt("", "public-a")).is_empty());
    // A template that turns public IPs off.
    assert_eq!(
        findings(&bastion_lt("; public-ip off", "public-a")),
        vec![("I502", "off".to_string())]
    );
}

#[test]
fn bastion_instances_need_a_public_address() {
    let inst = |attrs: &str| {
        format!(
            "instance jump {{ subnet public-a; ami {AMI}; type t3.micro; role bastion{attrs} }}\n"
        )
    };
    assert!(codes(&inst("")).is_empty(), "public-a maps public IPs");
    assert_eq!(
        findings(&inst("; public-ip off")),
        vec![("I502", "off".to_string())]
    );
    let with_eip = format!(
        "{}eip jump-ip {{ instance jump }}\n",
        inst("; public-ip off")
    );
    assert!(codes(&with_eip).is_empty(), "an EIP is a public address");
}

#[test]
fn shared_keys_between_bastions_and_private_hosts() {
    let hosts = format!(
        "instance jump {{ subnet public-a; ami {AMI}; type t3.micro; key-pair ops; role bastion }}
instance web {{ subnet public-a; ami {AMI}; type t3.micro; key-pair ops }}
launch-template app-lt {{ ami {AMI}; type t3.micro; key-pair ops }}
auto-scaling-group app {{ launch-template app-lt; subnets private-a; min 1; max 2 }}
"
    );
    // The public web server sharing the key is not reported; the template
    // launching into a private subnet is.
    let src = format!("{}{hosts}", super::super::security_groups::tests::BASE);
    let d = check_source(&src, &CheckOptions::default());
    let i504: Vec<_> = d.iter().filter(|d| d.code == "I504").collect();
    assert_eq!(i504.len(), 1);
    assert!(i504[0].message.contains("app-lt"), "{}", i504[0].message);
    assert!(!i504[0].message.contains("web"), "{}", i504[0].message);
    assert_eq!(i504[0].secondary.len(), 1);
}

#[test]
fn imds_v1_on_both_kinds() {
    let src = format!(
        "instance a {{ subnet private-a; ami {AMI}; type t3.micro; imds v1 }}
instance b {{ subnet private-a; ami {AMI}; type t3.micro; imds v2 }}
launch-template c {{ ami {AMI}; type t3.micro; imds v1 }}
"
    );
    assert_eq!(
        findings(&src),
        vec![("I506", "v1".to_string()), ("I506", "v1".to_string())]
    );
}

#[test]
fn secrets_are_located_inside_escaped_user_data() {
    let src = format!(
        r#"instance a {{ subnet private-a; ami {AMI}; type t3.micro
  user-data "echo \"x\"\\\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
}}
"#
    );
    assert_eq!(
        findings(&src),
        vec![(
            "I507",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_string()
        )]
    );
    // A raw tab before the secret makes its place ambiguous: the whole
    // literal is the span.
    let tabbed = format!(
        "instance a {{ subnet private-a; ami {AMI}; type t3.micro\n  user-data \"\\t\tpassword=hunter2\"\n}}\n"
    );
    assert_eq!(
        findings(&tabbed),
        vec![("I507", "\"\\t\tpassword=hunter2\"".to_string())]
    );
    // Values read at boot are not secrets.
    let boot = format!(
        "instance a {{ subnet private-a; ami {AMI}; type t3.micro; user-data \"PASSWORD=$(cat /run/pw)\" }}\n"
    );
    assert!(codes(&boot).is_empty());
}

/// language.md §7.
const LECTURE: &str = r#"
region ap-northeast-2
description "bastion + NAT + ALB + ASG"

vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }

subnet public-a  { vpc main; cidr 10.0.1.0/24;  zone a; public-ip on }
subnet public-c  { vpc main; cidr 10.0.2.0/24;  zone c; public-ip on }
subnet private-a { vpc main; cidr 10.0.11.0/24; zone a }
subnet private-c { vpc main; cidr 10.0.12.0/24; zone c }

eip nat-ip {}
nat-gateway nat-a {
  subnet public-a
  eip nat-ip
}

route-table public-rt {
  vpc main
  subnets public-a, public-c
  route 0.0.0.0/0 -> igw
}
route-table private-rt {
  vpc main
  subnets private-a, private-c
  route 0.0.0.0/0 -> nat-a
}

security-group bastion-sg {
  vpc main
  description "SSH from the office only"
  ingress tcp 22 from 203.0.113.0/24
}
security-group alb-sg {
  vpc main
  description "HTTPS and the HTTP redirect from anywhere"
  ingress tcp 443 from 0.0.0.0/0
  ingress tcp 80 from 0.0.0.0/0
}
security-group app-sg {
  vpc main
  description "app servers: SSH via the bastion, traffic via the ALB"
  ingress tcp 22 from bastion-sg
  ingress tcp 8080 from alb-sg
}

network-acl private-acl {
  vpc main
  subnets private-a, private-c
  inbound 100 allow tcp 22 from 10.0.1.0/24
  inbound 110 allow tcp 8080 from 10.0.0.0/16
  inbound 120 allow tcp 1024-65535 from 0.0.0.0/0
  outbound 100 allow tcp 1024-65535 to 10.0.0.0/16
  outbound 110 allow tcp 443 to 0.0.0.0/0
  outbound 120 allow tcp 80 to 0.0.0.0/0
}

instance bastion {
  subnet public-a
  ami ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  type t3.micro
  security-groups bastion-sg
  key-pair admin
  role bastion
}

volume shared-data {
  zone a
  size 100GiB
  attach bastion /dev/xvdf
}

load-balancer web {
  type application
  subnets public-a, public-c
  security-groups alb-sg
  listener https 443 -> app-tg certificate arn:aws:acm:ap-northeast-2:123456789012:certificate/abc
  listener http 80 redirect https 443
}

target-group app-tg {
  vpc main
  protocol http
  port 8080
  health-check http /health
}

launch-template app-lt {
  ami ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  type t3.small
  security-groups app-sg
  key-pair app
}

auto-scaling-group app-asg {
  launch-template app-lt
  subnets private-a, private-c
  min 2
  max 6
  target-groups app-tg
  health-check elb grace 120s
  scale-out cpu > 70% add 2
  scale-in cpu < 30%
}
"#;

#[test]
fn the_lecture_example_is_clean_for_areas_s_and_i() {
    let d = check_source(LECTURE, &CheckOptions::default());
    let ours: Vec<String> = d
        .iter()
        .filter(|d| d.code.starts_with('S') || d.code.starts_with('I') || d.code.starts_with('E'))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
}
