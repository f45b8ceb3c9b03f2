//! CloudFormation emitter: model → template JSON (language.md §6).
//!
//! **Architecture invariant:** the emitter never re-validates. It runs only
//! on a model that `check` found free of errors, and maps it one to one.

pub mod ids;
