//! Analyses over the model that several rules share: network-ACL evaluation
//! over sets of traffic and the reachability engine.

use crate::model::Model;
use crate::model::topology::Topology;

/// Shared analysis state handed to rules. Expensive parts are computed on
/// first use, so a run that selects no rule needing them pays nothing.
pub struct Analysis<'a> {
    pub model: &'a Model,
    pub topo: &'a Topology,
}

impl<'a> Analysis<'a> {
    pub fn new(model: &'a Model, topo: &'a Topology) -> Self {
        Analysis { model, topo }
    }
}
