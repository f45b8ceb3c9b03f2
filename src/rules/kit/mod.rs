//! The rules' kit: what several rules need to know or to say, in one place,
//! so that no rule imports another rule and no area imports another area.
//!
//! - [`hosts`]: what launches instances, who wears a security group, where
//!   the bastions are.
//! - [`security`]: the sensitive-service table and what a security-group
//!   rule opens, to whom.
//! - [`subnets`]: zones of subnet lists (and a subnet listed twice in
//!   one), why a subnet is private.
//! - [`text`]: lists and numbers worded for messages.
//! - `testing` (unit tests only): small networks and the findings of a
//!   check of them.

pub mod hosts;
pub mod security;
pub mod subnets;
#[cfg(test)]
pub mod testing;
pub mod text;
