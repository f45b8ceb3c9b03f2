//! A large file's blocks resolved in two halves at once, one per thread.
//!
//! Resolving is two fifths of what `check --select E` costs on a large file,
//! and after the declarations are in, it is one block after another. Cut
//! the list of blocks near the middle of their text: the first half is
//! resolved on the calling thread, the second on another, each with its
//! own [`Resolver`] state (diagnostics, model vectors, scratch, suggestion
//! cache) sharing the name table, which nothing writes once it is built.
//! The second half's declarations and diagnostics are appended after the
//! first's; the checks across blocks (`ipv6_checks`) run afterwards, on the
//! whole model, as they do on one thread.
//!
//! **Why the result is the one-thread result.** Resolving a block reads
//! the name table (complete before any block), the file's settings (the
//! region, whether it declares a prefix list: set before any block), the
//! block's own attributes and the suggestion cache; it writes its
//! diagnostics, its declaration at the end of its kind's vector and of
//! `order`, the cache, and scratch vectors whose contents it clears
//! before use. So:
//! - No block reads another's resolved declaration. (The one place that
//!   did, a transit gateway's "attached twice" message naming its VPC from
//!   the model, now names it from the reference, as the file spells it:
//!   the same text, since a reference is found by its spelling.)
//! - A declaration's id is its place among the resolved declarations of
//!   its kind; the second half's count from the number the first half
//!   declares of each kind ([`Resolver::base`]). That is the one-thread
//!   id whenever every block of the first half resolved, and when one did
//!   not, there is no model to hold ids: the diagnostics alone are
//!   returned, and they hold none.
//! - The diagnostics of each half are in the one-thread order within it,
//!   and the halves' concatenation is the one-thread order.
//! - The suggestion cache ("did you mean") is not a pure function: it
//!   spends a budget and keeps its answers, so what it answers depends on
//!   what was asked before. It is only consulted for an unknown or
//!   mistyped name. When the first half asked nothing, the second half
//!   starts from the empty cache the one-thread run has at the cut, and
//!   its cache is the one-thread cache after it; otherwise the second
//!   half's result is thrown away and it is resolved again on the calling
//!   thread, after the first (a file with such errors need not be fast).
//!
//! A new read of another block's result, or of state carried from block
//! to block, breaks this argument: make it a read of the name table or a
//! check after the blocks (like `ipv6_checks`). `tests/resolve_halves.rs`
//! compares both ways on every example and rule fixture at every cut.

use super::{ALL_KINDS, Block, Kind, Model, Resolver};

/// Whether a file's blocks may be resolved in two halves on two threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halves {
    /// On the calling thread alone.
    Never,
    /// In two halves cut near the middle of the blocks' text, for a file
    /// of at least this many declarations.
    From(usize),
    /// In two halves, the second starting at this declaration (counted
    /// among the blocks that declare a name, in file order), whatever the
    /// size: how a test tries every cut.
    At(usize),
}

impl Halves {
    /// From 500 declarations (2,000 lines of a generated network): each
    /// takes some 4,000 instructions to resolve, so half of them is worth
    /// far more than a thread's start (some 20-50 µs).
    pub const AUTO: Halves = Halves::From(500);

    /// Where the second half starts, if there are two.
    pub(super) fn cut(self, blocks: &[(&Block<'_>, Kind)]) -> Option<usize> {
        let at = match self {
            Halves::Never => return None,
            Halves::From(min) if blocks.len() < min => return None,
            Halves::From(_) => middle(blocks),
            Halves::At(at) => at,
        };
        (0 < at && at < blocks.len()).then_some(at)
    }
}

/// The first block that starts past the middle of the blocks' text: the
/// text is what resolving reads, so each half gets about as much.
fn middle(blocks: &[(&Block<'_>, Kind)]) -> usize {
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return 0;
    };
    let (start, end) = (first.0.span.start, last.0.span.end);
    let mid = start + (end - start) / 2;
    blocks.partition_point(|(b, _)| b.span.start < mid)
}

impl<'a> Resolver<'a> {
    /// [`blocks`](Resolver::blocks) with `blocks[at..]` on a second thread
    /// (on this one after the first half when the thread cannot be had or
    /// the first half consulted the suggestion cache).
    pub(super) fn in_halves(&mut self, blocks: &[(&'a Block<'a>, Kind)], at: usize) -> bool {
        let (head, tail) = blocks.split_at(at);
        let mut base = [0; ALL_KINDS.len()];
        for &(_, kind) in head {
            base[kind as usize] += 1;
        }
        let mut counts = [0; ALL_KINDS.len()];
        for &(_, kind) in tail {
            counts[kind as usize] += 1;
        }
        let (symbols, region, prefix_lists) =
            (self.symbols, self.region.clone(), self.prefix_lists);
        let (ok, second) = std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, move || {
                    let mut r = Resolver::new(symbols, region);
                    r.base = base;
                    r.prefix_lists = prefix_lists;
                    r.reserve(&counts, tail.len());
                    let ok = r.blocks(tail);
                    (r, ok)
                })
                .ok();
            let ok = self.blocks(head);
            let second = second.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            (ok, second)
        });
        match second {
            Some((r, tail_ok)) if self.suggest.is_empty() => {
                self.diags.extend(r.diags);
                append(&mut self.model, r.model);
                self.suggest = r.suggest;
                ok && tail_ok
            }
            _ => self.blocks(tail) && ok,
        }
    }
}

/// `from`'s declarations after `into`'s (its region and description are
/// the first half's business: the settings are read before any block).
fn append(into: &mut Model, from: Model) {
    // Exhaustive: a new vector cannot be left out.
    let Model {
        region: _,
        description: _,
        vpcs,
        internet_gateways,
        subnets,
        route_tables,
        eips,
        nat_gateways,
        security_groups,
        network_acls,
        instances,
        volumes,
        load_balancers,
        target_groups,
        launch_templates,
        auto_scaling_groups,
        egress_only_internet_gateways,
        prefix_lists,
        vpc_endpoints,
        file_systems,
        vpc_peerings,
        transit_gateways,
        order,
    } = from;
    into.vpcs.extend(vpcs);
    into.internet_gateways.extend(internet_gateways);
    into.subnets.extend(subnets);
    into.route_tables.extend(route_tables);
    into.eips.extend(eips);
    into.nat_gateways.extend(nat_gateways);
    into.security_groups.extend(security_groups);
    into.network_acls.extend(network_acls);
    into.instances.extend(instances);
    into.volumes.extend(volumes);
    into.load_balancers.extend(load_balancers);
    into.target_groups.extend(target_groups);
    into.launch_templates.extend(launch_templates);
    into.auto_scaling_groups.extend(auto_scaling_groups);
    into.egress_only_internet_gateways
        .extend(egress_only_internet_gateways);
    into.prefix_lists.extend(prefix_lists);
    into.vpc_endpoints.extend(vpc_endpoints);
    into.file_systems.extend(file_systems);
    into.vpc_peerings.extend(vpc_peerings);
    into.transit_gateways.extend(transit_gateways);
    into.order.extend(order);
}
