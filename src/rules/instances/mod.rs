//! Area I of the catalog: instances and bastions. I505 needs the
//! reachability engine and lives in `rules/reachability`.

pub mod i501_bastion_in_private_subnet;
pub mod i502_bastion_without_public_ip;
pub mod i503_bastion_open_to_world;
pub mod i504_shared_key_pair;
pub mod i506_imdsv1_enabled;
pub mod i507_secret_in_user_data;

#[cfg(test)]
mod tests;
