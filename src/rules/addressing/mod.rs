//! Area A of the catalog: how the VPC's address space is cut up.
//!
//! The helpers here work on IPv4 blocks as inclusive `u32` ranges, which
//! makes containment and overlap plain integer comparisons, and find free
//! blocks so that help lines can name a concrete CIDR to use instead.

pub mod a101_subnet_outside_vpc;
pub mod a102_subnet_overlap;
pub mod a103_cidr_size;
pub mod a104_cidr_host_bits;
pub mod a105_subnet_capacity;
pub mod a106_public_vpc_range;
pub mod a107_subnet_ipv6_outside_vpc;

use crate::model::topology::Topology;
use crate::model::{Model, SubnetId, VpcId};
use ipnet::{IpNet, Ipv4Net};
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// The IPv4 network a block denotes, host bits cleared (A104 reports them
/// separately, so every other rule reasons about the network).
pub(crate) fn v4(net: &IpNet) -> Option<Ipv4Net> {
    match net {
        IpNet::V4(n) => Some(n.trunc()),
        IpNet::V6(_) => None,
    }
}

/// First and last address of a block, as integers.
pub(crate) fn bounds(net: Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}

/// Number of addresses in a block of this prefix length.
pub(crate) fn block_size(prefix: u8) -> u64 {
    1u64 << (32 - u32::from(prefix.min(32)))
}

/// The address ranges the subnets of one VPC occupy, sorted by start and
/// with overlapping or touching ranges merged.
pub(crate) fn occupied(m: &Model, subnets: &[SubnetId]) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = subnets
        .iter()
        .filter_map(|s| v4(&m[*s].cidr.node).map(bounds))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if u64::from(start) <= u64::from(last.1) + 1 => {
                last.1 = last.1.max(end);
            }
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Successive free blocks of one prefix length inside a VPC's CIDR, lowest
/// first, skipping every occupied range.
///
/// The cursor only moves forward, so handing out one suggestion per
/// offending subnet costs O(subnets + suggestions) per VPC and prefix, and
/// two subnets are never told to move into the same block.
pub(crate) struct FreeBlocks<'a> {
    next: u64,
    end: u64,
    step: u64,
    taken: &'a [(u32, u32)],
    i: usize,
}

impl<'a> FreeBlocks<'a> {
    /// `None` when a block of `prefix` cannot fit in `within` at all.
    pub(crate) fn new(within: Ipv4Net, prefix: u8, taken: &'a [(u32, u32)]) -> Option<Self> {
        let within = within.trunc();
        if prefix < within.prefix_len() || prefix > 32 {
            return None;
        }
        let (start, end) = bounds(within);
        Some(FreeBlocks {
            next: u64::from(start),
            end: u64::from(end),
            step: block_size(prefix),
            taken,
            i: 0,
        })
    }
}

impl Iterator for FreeBlocks<'_> {
    type Item = Ipv4Net;

    fn next(&mut self) -> Option<Ipv4Net> {
        loop {
            let last = self.next + self.step - 1;
            if last > self.end {
                return None;
            }
            while self.i < self.taken.len() && u64::from(self.taken[self.i].1) < self.next {
                self.i += 1;
            }
            match self.taken.get(self.i) {
                Some(&(s, e)) if u64::from(s) <= last => {
                    // Jump to the first aligned block after this range.
                    let after = u64::from(e) + 1;
                    self.next = after.div_ceil(self.step) * self.step;
                }
                _ => {
                    let start = self.next;
                    self.next += self.step;
                    let prefix = 32 - self.step.trailing_zeros() as u8;
                    return Ipv4Net::new(Ipv4Addr::from(start as u32), prefix).ok();
                }
            }
        }
    }
}

/// Hands out free blocks per VPC and prefix length, for help lines.
pub(crate) struct Suggester<'a> {
    model: &'a Model,
    occupied: &'a [Vec<(u32, u32)>],
    cursors: HashMap<(VpcId, u8), Option<FreeBlocks<'a>>>,
}

impl<'a> Suggester<'a> {
    /// `occupied[vpc]` is [`occupied`] over that VPC's subnets.
    pub(crate) fn new(model: &'a Model, occupied: &'a [Vec<(u32, u32)>]) -> Self {
        Suggester {
            model,
            occupied,
            cursors: HashMap::new(),
        }
    }

    /// The next free block of `prefix` inside the VPC's CIDR.
    pub(crate) fn next(&mut self, vpc: VpcId, prefix: u8) -> Option<Ipv4Net> {
        let (model, occupied) = (self.model, self.occupied);
        self.cursors
            .entry((vpc, prefix))
            .or_insert_with(|| {
                let within = v4(&model[vpc].cidr.node)?;
                FreeBlocks::new(within, prefix, occupied.get(vpc.index())?)
            })
            .as_mut()?
            .next()
    }
}

/// [`occupied`] for every VPC of the model, indexed by VPC.
pub(crate) fn occupied_by_vpc(m: &Model, topo: &Topology) -> Vec<Vec<(u32, u32)>> {
    topo.subnets_by_vpc
        .values()
        .map(|s| occupied(m, s))
        .collect()
}

/// `1048576` → `1,048,576`, for address counts in messages.
pub(crate) use crate::model::limits::thousands;

#[cfg(test)]
pub(crate) use super::kit::testing::diags;

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(65536), "65,536");
        assert_eq!(thousands(1048576), "1,048,576");
    }

    #[test]
    fn free_blocks_skip_taken_ranges_in_order() {
        let taken = [bounds(net("10.0.0.0/24")), bounds(net("10.0.2.0/23"))];
        let got: Vec<String> = FreeBlocks::new(net("10.0.0.0/21"), 24, &taken)
            .unwrap()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(
            got,
            [
                "10.0.1.0/24",
                "10.0.4.0/24",
                "10.0.5.0/24",
                "10.0.6.0/24",
                "10.0.7.0/24"
            ]
        );
    }

    #[test]
    fn free_blocks_align_after_an_odd_range() {
        // A /28 taken in the middle of the first /24 pushes the next /24 up.
        let taken = [bounds(net("10.0.0.16/28"))];
        let mut it = FreeBlocks::new(net("10.0.0.0/22"), 24, &taken).unwrap();
        assert_eq!(it.next(), Some(net("10.0.1.0/24")));
    }

    #[test]
    fn free_blocks_at_the_top_of_the_space_do_not_overflow() {
        let taken = [bounds(net("255.255.255.0/25"))];
        let got: Vec<Ipv4Net> = FreeBlocks::new(net("255.255.255.0/24"), 25, &taken)
            .unwrap()
            .collect();
        assert_eq!(got, [net("255.255.255.128/25")]);
        assert!(FreeBlocks::new(net("10.0.0.0/24"), 16, &[]).is_none());
    }

    #[test]
    fn occupied_merges_overlapping_and_adjacent_ranges() {
        let src = "vpc v { cidr 10.0.0.0/16 }
subnet a { vpc v; cidr 10.0.0.0/24; zone a }
subnet b { vpc v; cidr 10.0.1.0/24; zone a }
subnet c { vpc v; cidr 10.0.0.128/25; zone a }
subnet d { vpc v; cidr 10.0.9.0/24; zone a }
";
        let (m, t) = crate::check::load(src).unwrap();
        let got = occupied(&m, &t.subnets_by_vpc[crate::model::VpcId::new(0)]);
        assert_eq!(
            got,
            [
                (
                    u32::from(Ipv4Addr::new(10, 0, 0, 0)),
                    u32::from(Ipv4Addr::new(10, 0, 1, 255))
                ),
                (
                    u32::from(Ipv4Addr::new(10, 0, 9, 0)),
                    u32::from(Ipv4Addr::new(10, 0, 9, 255))
                ),
            ]
        );
    }
}
