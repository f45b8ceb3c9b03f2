//! Area S through the whole pipeline: the semantics that the fixtures do not
//! pin down (interplay between rules, templates, other VPCs).

use crate::check::check_source;
use crate::rules::kit::testing::small::{BASE, codes, findings};
use crate::settings::Settings;

const WEB: &str =
    "instance web { subnet public-a; ami ami-0c55b159; type t3.micro; security-groups web-sg }\n";

fn web(rules: &str) -> String {
    format!("security-group web-sg {{ vpc main; description \"web\"\n{rules}\n}}\n{WEB}")
}

#[test]
fn sensitive_ports_by_containment_and_protocol() {
    assert_eq!(
        findings(&web("ingress tcp 3300-3310 from 0.0.0.0/0")),
        vec![("S302", "3300-3310".to_string())]
    );
    // Memcached and RDP answer on UDP; SSH does not.
    assert_eq!(codes(&web("ingress udp 11211 from ::/0")), vec!["S302"]);
    assert_eq!(codes(&web("ingress udp 3389 from 0.0.0.0/0")), vec!["S302"]);
    assert!(codes(&web("ingress udp 22 from 0.0.0.0/0")).is_empty());
    // Not the whole internet, or not an admin/data port.
    assert!(codes(&web("ingress tcp 22 from 0.0.0.0/1")).is_empty());
    assert!(codes(&web("ingress tcp 443 from 0.0.0.0/0")).is_empty());
    assert!(codes(&web("ingress icmp from 0.0.0.0/0")).is_empty());
    // An egress rule opens nothing to the internet.
    assert!(codes(&web("egress tcp 22 to 0.0.0.0/0")).is_empty());
}

const BASTION: &str = "security-group bastion-sg { vpc main; description \"ssh\"\n  ingress tcp 20-23 from 0.0.0.0/0\n}
instance bastion { subnet public-a; ami ami-0c55b159; type t3.micro; security-groups bastion-sg; role bastion }
";

#[test]
fn bastion_ssh_is_left_to_i503() {
    // One rule opening FTP, SSH and Telnet on a bastion: I503 only.
    let got = findings(BASTION);
    assert_eq!(got, vec![("I503", "20-23".to_string())]);
    // The same group on a plain instance: S302.
    let plain = BASTION.replace("; role bastion", "");
    assert_eq!(findings(&plain), vec![("S302", "20-23".to_string())]);
    // A bastion's other port open to the world stays S302.
    let mysql = BASTION.replace("tcp 20-23", "tcp 3306");
    assert_eq!(codes(&mysql), vec!["S302"]);
}

#[test]
fn i503_notes_the_other_ports_of_the_rule() {
    let src = format!("{BASE}{BASTION}");
    let diags = check_source(&src, &Settings::default());
    let i503 = diags
        .iter()
        .find(|d| d.code.as_str() == "I503")
        .expect("I503 fires");
    assert!(
        i503.notes
            .iter()
            .any(|n| n.contains("FTP (21)") && n.contains("Telnet (23)")),
        "{:?}",
        i503.notes
    );
}

#[test]
fn all_traffic_and_wide_ranges() {
    let all = codes(&web("ingress all from 0.0.0.0/0"));
    assert!(all.contains(&"S303") && !all.contains(&"S309"), "{all:?}");
    let full = codes(&web("ingress tcp 0-65535 from ::/0"));
    assert!(
        full.contains(&"S303") && !full.contains(&"S309"),
        "{full:?}"
    );
    // 1001 ports is too wide, 1000 is not; neither touches the S302 list.
    assert_eq!(
        codes(&web("ingress tcp 40000-41000 from 0.0.0.0/0")),
        vec!["S309"]
    );
    assert!(codes(&web("ingress tcp 40000-40999 from 0.0.0.0/0")).is_empty());
    // Wide but not from the whole internet.
    assert!(codes(&web("ingress tcp 40000-50000 from 10.0.0.0/16")).is_empty());
}

#[test]
fn return_rules() {
    let only = web("ingress tcp 443 from 0.0.0.0/0\negress tcp 32768-65535 to 0.0.0.0/0");
    assert_eq!(findings(&only), vec![("S304", "32768-65535".to_string())]);
    // Its only egress rule: the help warns about the allow-all default.
    let src = format!("{BASE}{only}");
    let d = check_source(&src, &Settings::default());
    let s304 = d
        .iter()
        .find(|d| d.code.as_str() == "S304")
        .expect("S304 fires");
    assert!(
        s304.help
            .as_deref()
            .is_some_and(|h| h.contains("all outbound"))
    );
    // To a peer the group does not admit: a real egress rule.
    assert!(
        codes(&web(
            "ingress tcp 443 from 10.0.0.0/16\negress tcp 1024-65535 to 0.0.0.0/0"
        ))
        .is_empty()
    );
    // Back to part of an admitted range, or to `self` written by name.
    assert_eq!(
        codes(&web(
            "ingress tcp 443 from 10.0.0.0/16\negress tcp 1024-65535 to 10.0.1.0/24"
        )),
        vec!["S304"]
    );
    assert_eq!(
        codes(&web(
            "ingress tcp 22 from self\negress tcp 1024-65535 to web-sg"
        )),
        vec!["S304"]
    );
    // Symmetric high ports (peer to peer) are not replies to a service.
    assert!(
        codes(&web(
            "ingress tcp 1024-65535 from 10.0.0.0/16\negress tcp 1024-65535 to 10.0.0.0/16"
        ))
        .is_empty()
    );
    // Another protocol than the ingress.
    assert!(
        codes(&web(
            "ingress udp 53 from 10.0.0.0/16\negress tcp 1024-65535 to 10.0.0.0/16"
        ))
        .is_empty()
    );
}

const JUMP: &str = "security-group bastion-sg { vpc main; description \"ssh\"; ingress tcp 22 from 203.0.113.0/24 }
instance jump { subnet public-a; ami ami-0c55b159; type t3.micro; security-groups bastion-sg; role bastion }
";

fn app(rule: &str, placement: &str) -> String {
    format!(
        "{JUMP}security-group app-sg {{ vpc main; description \"app\"; {rule} }}\n{placement}\n"
    )
}

const APP_PRIVATE: &str =
    "instance app { subnet private-a; ami ami-0c55b159; type t3.micro; security-groups app-sg }";
const APP_ASG: &str =
    "launch-template app-lt { ami ami-0c55b159; type t3.micro; security-groups app-sg }
auto-scaling-group app-asg { launch-template app-lt; subnets private-a; min 1; max 2 }";

#[test]
fn ssh_around_the_bastion() {
    assert_eq!(
        findings(&app("ingress tcp 22 from 10.0.1.0/24", APP_PRIVATE)),
        vec![("S305", "10.0.1.0/24".to_string())]
    );
    // RDP over UDP, `all` from the VPC, and templates launched privately.
    assert_eq!(
        codes(&app("ingress udp 3389 from 10.0.0.0/16", APP_PRIVATE)),
        vec!["S305"]
    );
    assert_eq!(
        codes(&app("ingress all from 10.0.0.0/16", APP_ASG)),
        vec!["S305"]
    );
    // Through the bastion's group, another port, or a public host: fine.
    assert!(codes(&app("ingress tcp 22 from bastion-sg", APP_PRIVATE)).is_empty());
    assert!(codes(&app("ingress tcp 80 from 10.0.0.0/16", APP_PRIVATE)).is_empty());
    let public = APP_PRIVATE.replace("private-a", "public-a");
    assert!(codes(&app("ingress tcp 22 from 10.0.1.0/24", &public)).is_empty());
    // Without a bastion there is nothing to bypass.
    let no_bastion =
        app("ingress tcp 22 from 10.0.1.0/24", APP_PRIVATE).replace("; role bastion", "");
    assert!(codes(&no_bastion).is_empty());
}

#[test]
fn ssh_bypass_needs_a_bastion_in_the_same_vpc() {
    let other = "vpc lab { cidr 10.9.0.0/16 }
subnet lab-a { vpc lab; cidr 10.9.1.0/24; zone a }
security-group lab-sg { vpc lab; description \"lab\"; ingress tcp 22 from 10.9.0.0/16 }
instance lab-1 { subnet lab-a; ami ami-0c55b159; type t3.micro; security-groups lab-sg }
";
    assert!(codes(&format!("{JUMP}{other}")).is_empty());
}

#[test]
fn groups_of_other_vpcs() {
    let other = "vpc lab { cidr 10.9.0.0/16 }
subnet lab-a { vpc lab; cidr 10.9.1.0/24; zone a }
security-group lab-sg { vpc lab; description \"lab\" }
";
    // A launch template checked against the VPC its group launches into.
    let lt = format!(
        "{other}launch-template app-lt {{ ami ami-0c55b159; type t3.micro; security-groups lab-sg }}
auto-scaling-group app-asg {{ launch-template app-lt; subnets private-a; min 1; max 2 }}"
    );
    assert_eq!(findings(&lt), vec![("S306", "lab-sg".to_string())]);
    // A template nothing launches has no VPC yet.
    let idle = format!(
        "{other}launch-template app-lt {{ ami ami-0c55b159; type t3.micro; security-groups lab-sg }}
instance lab-1 {{ subnet lab-a; ami ami-0c55b159; type t3.micro; security-groups lab-sg }}"
    );
    assert!(codes(&idle).is_empty());
    // A load balancer, by its first subnet.
    let lb = format!(
        "{other}load-balancer web {{ type network; subnets public-a; security-groups lab-sg }}"
    );
    assert_eq!(findings(&lb), vec![("S306", "lab-sg".to_string())]);
}

#[test]
fn unused_groups() {
    // Only naming itself is not a use.
    assert_eq!(
        codes("security-group lonely { vpc main; description \"x\"; ingress all from self }"),
        vec!["S307"]
    );
    // Named by another group's rule is a use.
    assert_eq!(
        codes(
            "security-group a { vpc main; description \"a\" }
security-group b { vpc main; description \"b\"; ingress tcp 22 from a }
instance i { subnet private-a; ami ami-0c55b159; type t3.micro; security-groups b }"
        ),
        Vec::<&str>::new()
    );
}

#[test]
fn covered_rules() {
    // Identical: only the later one.
    assert_eq!(
        findings(&web(
            "ingress tcp 8080 from 10.0.0.0/16\ningress tcp 8080 from 10.0.0.0/16"
        ))
        .len(),
        1
    );
    // Covered by a later, wider rule: the narrow one is reported.
    let got = findings(&web(
        "ingress tcp 8080 from 10.0.1.0/24\ningress tcp 8000-9000 from 10.0.0.0/8",
    ));
    assert_eq!(
        got,
        vec![("S308", "ingress tcp 8080 from 10.0.1.0/24".to_string())]
    );
    // Other direction, partly outside, or a deny rule: not covered.
    assert!(
        codes(&web(
            "ingress tcp 8080 from 10.0.0.0/16\negress tcp 8080 to 10.0.0.0/16"
        ))
        .is_empty()
    );
    assert!(
        codes(&web(
            "ingress tcp 8000-8080 from 10.0.0.0/16\ningress tcp 8080-8081 from 10.0.0.0/16"
        ))
        .is_empty()
    );
    let deny = codes(&web(
        "ingress tcp 8080 from 10.0.0.0/16\ningress deny tcp 8080 from 10.0.1.0/24",
    ));
    assert_eq!(deny, vec!["S301"]);
}

#[test]
fn deny_help_names_the_acl_and_a_number_before_its_rules() {
    let src = format!(
        "{BASE}network-acl pub {{ vpc main; subnets public-a
  inbound 5 allow tcp 443 from 0.0.0.0/0
  outbound 100 allow tcp 1024-65535 to 0.0.0.0/0 }}
{}",
        web("ingress tcp 443 from 0.0.0.0/0\ningress deny tcp 443 from 198.51.100.0/24")
    );
    let d = check_source(&src, &Settings::default());
    let s301 = d
        .iter()
        .find(|d| d.code.as_str() == "S301")
        .expect("S301 fires");
    assert_eq!(s301.span.text(&src), "deny");
    let help = s301.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("`inbound 4 deny tcp 443 from 198.51.100.0/24` to network ACL pub"),
        "{help}"
    );
}

#[test]
fn deny_of_the_only_egress_warns_about_the_default() {
    let src = format!("{BASE}{}", web("egress deny tcp 25 to 0.0.0.0/0"));
    let d = check_source(&src, &Settings::default());
    let s301 = d
        .iter()
        .find(|d| d.code.as_str() == "S301")
        .expect("S301 fires");
    let help = s301.help.as_deref().unwrap_or_default();
    assert!(help.contains("one without any allows everything"), "{help}");
}

#[test]
fn missing_descriptions() {
    assert_eq!(
        findings(
            "security-group web-sg { vpc main }
instance web { subnet public-a; ami ami-0c55b159; type t3.micro; security-groups web-sg }"
        ),
        vec![("S310", "web-sg".to_string())]
    );
}

#[test]
fn a_file_system_wears_groups_of_its_own_vpc() {
    let src = "security-group far-sg { vpc other; description \"far\" }
vpc other { cidr 10.1.0.0/16 }
file-system fs { vpc main; mount-targets private-a; security-groups far-sg }
";
    assert_eq!(findings(src), vec![("S306", "far-sg".to_string())]);
}
