//! Area I through the whole pipeline: launch-template bastions, key sharing
//! across kinds, secrets located in escaped user data, and the lecture
//! example, which must give nothing from areas S and I.

use crate::check::check_source;
use crate::rules::kit::testing::small::{codes, findings};
use crate::settings::Settings;

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
    let src = format!("{}{hosts}", crate::rules::kit::testing::small::BASE);
    let d = check_source(&src, &Settings::default());
    let i504: Vec<_> = d.iter().filter(|d| d.code.as_str() == "I504").collect();
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

/// The lecture's architecture.
const LECTURE: &str = include_str!("../../../examples/lecture.net");

#[test]
fn the_lecture_example_is_clean_for_areas_s_and_i() {
    let d = check_source(LECTURE, &Settings::default());
    let ours: Vec<String> = d
        .iter()
        .filter(|d| {
            d.code.as_str().starts_with('S')
                || d.code.as_str().starts_with('I')
                || d.code.is_error_in_file()
        })
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
}
