//! Area I of the catalog: instances and bastions. I505 needs the
//! reachability engine and lives in `rules/reachability`.

pub mod i501_bastion_in_private_subnet;
pub mod i502_bastion_without_public_ip;
pub mod i503_bastion_open_to_world;
pub mod i504_shared_key_pair;
pub mod i506_imdsv1_enabled;
pub mod i507_secret_in_user_data;
pub mod i508_ssm_without_profile;
pub mod i509_unknown_instance_type;
pub mod i510_previous_generation_type;

use crate::model::{Decl, Model, ids};
use crate::span::Spanned;

/// Every instance and launch template with its `type` word, as (kind for
/// messages, declaration, type): what I509 and I510 look up.
fn typed_hosts(m: &Model) -> impl Iterator<Item = (&'static str, &Decl, &Spanned<String>)> {
    let instances = ids(&m.instances).map(|(_, i)| ("instance", &i.decl, &i.instance_type));
    let templates =
        ids(&m.launch_templates).map(|(_, t)| ("launch template", &t.decl, &t.instance_type));
    instances.chain(templates)
}

#[cfg(test)]
mod tests;
