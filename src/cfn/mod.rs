//! CloudFormation templates as a second front end (placeholder, see below).

pub mod node;
pub mod problem;
pub mod read_json;
pub mod read_yaml;
