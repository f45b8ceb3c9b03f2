//! Area N of the catalog: network ACLs. N407 (acl-blocks-sg)
//! needs the reachability classes and lives in `reachability`.

pub mod n401_nacl_missing_return;
pub mod n402_nacl_shadowed_rule;
pub mod n403_nacl_too_many_rules;
pub mod n404_nacl_duplicate_number;
pub mod n405_nacl_number_range;
pub mod n406_subnet_multiple_acls;
pub mod n408_nacl_no_gap;
pub mod n409_acl_allow_superseded;
pub mod n410_acl_admin_port_open;

use crate::model::{Direction, NetworkAcl};
use crate::rules::{Context, Rule};

/// Findings of one rule reported one by one per ACL direction (the quota
/// of rules per direction): an absurd ACL of thousands of rules would
/// otherwise print a snippet-sized finding per rule. The rest are counted
/// and named in one summary ([`Overflow`]), so every problem is still
/// reported.
pub(crate) const SHOWN: usize = 20;

/// The findings of one rule, one ACL direction, past the first [`SHOWN`].
#[derive(Default)]
pub(crate) struct Overflow {
    shown: usize,
    numbers: Vec<u32>,
}

impl Overflow {
    /// Whether the finding about rule `number` is reported on its own
    /// (else it is counted for the summary).
    pub(crate) fn admit(&mut self, number: u32) -> bool {
        if self.shown < SHOWN {
            self.shown += 1;
            true
        } else {
            self.numbers.push(number);
            false
        }
    }

    /// One finding, at the ACL's name, for the rules past the first
    /// [`SHOWN`]: "`n` more `dir` rules of `acl` `what`: numbers".
    pub(crate) fn summarize(
        self,
        cx: &Context<'_>,
        rule: &Rule,
        acl: &NetworkAcl,
        dir: Direction,
        what: &str,
    ) {
        if self.numbers.is_empty() {
            return;
        }
        let word = match dir {
            Direction::In => "inbound",
            Direction::Out => "outbound",
        };
        let list: Vec<String> = self.numbers.iter().map(u32::to_string).collect();
        cx.report(
            rule,
            acl.decl.name_span,
            format!(
                "{} more {word} rules of {} {what}: {}",
                self.numbers.len(),
                acl.decl.name,
                list.join(", ")
            ),
        )
        .with_label(format!("{} more findings in one", self.numbers.len()))
        .with_note(format!(
            "the first {SHOWN} {word} rules with this problem are reported one by one; the rest are summed up here"
        ))
        .with_help(format!(
            "fix the rules reported above and check again, or split {}: the default quota is {SHOWN} rules per direction",
            acl.decl.name
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check_source;
    use crate::settings::Settings;

    /// 30 rules shadowed by rule 1: 20 findings one by one, then one
    /// naming the other 10.
    #[test]
    fn past_the_quota_findings_are_summed_up() {
        let mut net = String::from(
            "vpc main { cidr 10.0.0.0/16 }\nnetwork-acl big {\n  vpc main\n  inbound 1 allow all from 0.0.0.0/0\n",
        );
        for k in 0..30 {
            net.push_str(&format!(
                "  inbound {} deny tcp {} from 10.0.0.0/8\n",
                k + 2,
                1000 + k
            ));
        }
        net.push_str("}\n");
        let n402: Vec<String> = check_source(&net, &Settings::default())
            .into_iter()
            .filter(|d| d.code.as_str() == "N402")
            .map(|d| d.message)
            .collect();
        assert_eq!(n402.len(), 21, "{n402:?}");
        for k in 2..=21 {
            let one = format!("inbound rule {k} of big can never match:");
            assert!(n402.iter().any(|m| m.starts_with(&one)), "{k}: {n402:?}");
        }
        // Reported at the ACL's name, so sorted first.
        assert_eq!(
            n402[0],
            "10 more inbound rules of big can never match (lower-numbered rules decide everything they cover): 22, 23, 24, 25, 26, 27, 28, 29, 30, 31"
        );
    }
}
