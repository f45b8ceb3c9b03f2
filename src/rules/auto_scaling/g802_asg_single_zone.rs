//! G802 asg-single-zone.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ids;
use crate::rules::load_balancers::shared::spans_two_zones;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "G802",
    name: "asg-single-zone",
    severity: Severity::Warning,
    summary: "all the group's subnets are in one zone",
    docs: r#"## What it checks
That the `subnets` of every `auto-scaling-group` cover at least two
availability zones.

## Why it matters
An Auto Scaling group launches its instances across the subnets it is given
and keeps them balanced across their Availability Zones. If every subnet is
in one zone, every copy of the server shares that zone's fate: a zone outage
takes the whole group down, and the group cannot replace the instances
anywhere else. Spreading over two zones is what makes "more copies of the
same server" survive more than a single machine failure.

## Example
```
auto-scaling-group app-asg {
  launch-template app-lt
  subnets private-a
  min 2
  max 6
}
```

## Use instead
```
auto-scaling-group app-asg {
  launch-template app-lt
  subnets private-a, private-c
  min 2
  max 6
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    for (_, g) in ids(&m.auto_scaling_groups) {
        let Some(first) = g.subnets.items.first() else {
            continue;
        };
        if spans_two_zones(m, g.subnets.ids()) {
            continue;
        }
        let first_sub = &m[first.node];
        let zone = &first_sub.zone.node;
        let mut d = Diagnostic::new(
            "G802",
            g.subnets.span.unwrap_or(first.span),
            format!(
                "auto scaling group {} runs all its instances in zone {zone}",
                g.decl.name
            ),
        )
        .with_label(format!("every subnet is in zone {zone}"));
        let mut seen = Vec::new();
        let mut unique = std::collections::HashSet::new();
        for s in g.subnets.ids() {
            if !unique.insert(s) {
                continue;
            }
            seen.push(s);
            let sub = &m[s];
            d = d.with_secondary(
                sub.zone.span,
                format!("{} is in zone {}", sub.decl.name, sub.zone.node),
            );
        }
        let public = cx.topo.is_public(first.node);
        let elsewhere: Vec<_> = cx.topo.subnets_by_vpc[first_sub.vpc.node]
            .iter()
            .copied()
            .filter(|&s| !m[s].zone.node.same_as(zone))
            .collect();
        let pick = elsewhere
            .iter()
            .copied()
            .find(|&s| cx.topo.is_public(s) == public)
            .or(elsewhere.first().copied());
        let names: Vec<&str> = seen.iter().map(|&s| m[s].decl.name.as_str()).collect();
        let help = match pick {
            Some(s) => format!(
                "add a subnet in another zone: `subnets {}, {}`",
                names.join(", "),
                m[s].decl.name
            ),
            None => format!(
                "declare a subnet of {} in another zone and add it to {}'s subnets",
                m[first_sub.vpc.node].decl.name, g.decl.name
            ),
        };
        out.push(d.with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::load_balancers::shared::testing::fired;

    fn asg(subnets: &str) -> String {
        format!(
            "subnet private-a2 {{ vpc main; cidr 10.0.13.0/24; zone ap-northeast-2a }}\n\
             auto-scaling-group g {{ launch-template app-lt; subnets {subnets}; min 1; max 2 }}\n"
        )
    }

    #[test]
    fn one_zone_however_it_is_written() {
        let d = fired(&asg("private-a, private-a2"), "G802");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.ends_with("`subnets private-a, private-a2, private-c`")),
            "{:?}",
            d[0].help
        );
        assert!(fired(&asg("private-a, private-c"), "G802").is_empty());
    }
}
