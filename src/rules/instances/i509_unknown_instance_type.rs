//! I509 unknown-instance-type.
//!
//! The word has the shape `family.size` (the resolver checked that); here
//! it is looked up in the catalog generated from the EC2 API model.

use crate::catalog::Code;
use crate::model::instance_catalog::{self, BOTOCORE_VERSION, Hint};
use crate::rules::instances::typed_hosts;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::I509,
    check,
};

fn check(cx: &Context<'_>) {
    for (kind, decl, ty) in typed_hosts(cx.model) {
        let word = ty.node.as_str();
        if instance_catalog::lookup(word).is_some() {
            continue;
        }
        let report = cx
            .report(
                &RULE,
                ty.span,
                format!("{kind} {}: `{word}` is not an EC2 instance type", decl.name),
            )
            .with_label("unknown instance type");
        match instance_catalog::hint(word) {
            // A near miss: the suggestion says it all.
            Hint::Type(t) => {
                report.with_help(format!("did you mean `{t}`?"));
            }
            // Nothing close: perhaps a type newer than the catalog.
            hint => {
                let report = match hint {
                    Hint::Sizes { family, sizes } => report.with_help(format!(
                        "`{family}` comes in these sizes: {}",
                        sizes.join(", ")
                    )),
                    _ => report,
                };
                report.with_note(format!(
                    "the catalog holds the {} types of botocore {BOTOCORE_VERSION}'s EC2 API \
                     model; for a type AWS added since, write `# netlint: allow I509`",
                    instance_catalog::all().len()
                ));
            }
        }
    }
}
