//! Where a path starts and ends, and what it carries: places, classes
//! of interfaces, address sets, traffic.

use super::*;

/// A class of interfaces: one of the model's ([`Classes`](crate::analysis::classes::Classes)),
/// or the ad-hoc addresses of a CIDR endpoint inside a subnet. Hops refer
/// to classes through this instead of copying them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassRef {
    Listed(ClassId),
    Adhoc(Arc<Class>),
}

/// Where traffic starts or ends.
#[derive(Clone, Debug)]
pub enum Place {
    /// Addresses outside every VPC of the file (the internet, or a CIDR),
    /// reached through an internet gateway.
    Outside(Arc<AddrSet>),
    /// A class of interfaces declared in the file.
    Class(ClassId),
    /// Addresses of a subnet that belong to no declared interface (a CIDR
    /// endpoint inside a VPC): no security group filters them.
    Adhoc(Arc<Class>),
}

impl Place {
    /// The class a place stands for (`None` for the outside).
    pub fn class_ref(&self) -> Option<ClassRef> {
        match self {
            Place::Outside(_) => None,
            Place::Class(id) => Some(ClassRef::Listed(*id)),
            Place::Adhoc(c) => Some(ClassRef::Adhoc(c.clone())),
        }
    }

    pub fn is_outside(&self) -> bool {
        matches!(self, Place::Outside(_))
    }
}

/// A set of addresses of one family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrSet {
    pub fam: u128,
    /// Sorted, merged.
    pub ivs: Vec<Interval>,
}

impl AddrSet {
    pub fn new(fam: u128, mut ivs: Vec<Interval>) -> Self {
        merge_intervals(&mut ivs);
        AddrSet { fam, ivs }
    }

    pub fn is_empty(&self) -> bool {
        self.ivs.is_empty()
    }
}

/// Protocols and ports asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Traffic {
    /// (protocol numbers, destination ports).
    pub parts: Vec<(Interval, Interval)>,
}

impl Traffic {
    pub fn tcp(ports: &[u16]) -> Self {
        Traffic {
            parts: ports
                .iter()
                .map(|p| (Interval::point(TCP), Interval::point(u128::from(*p))))
                .collect(),
        }
    }

    pub fn tcp_range(from: u16, to: u16) -> Self {
        Traffic {
            parts: vec![(Interval::point(TCP), Interval::new(from.into(), to.into()))],
        }
    }

    /// All the traffic of several questions at once.
    pub fn union<'t>(all: impl IntoIterator<Item = &'t Traffic>) -> Traffic {
        Traffic {
            parts: all
                .into_iter()
                .flat_map(|t| t.parts.iter().copied())
                .collect(),
        }
    }

    /// Every packet from `src` to `dst` of this traffic.
    pub fn flows(&self, fam: u128, src: &[Interval], dst: &[Interval]) -> FlowSet {
        FlowSet::from_boxes(self.parts.iter().flat_map(|(proto, port)| {
            src.iter().flat_map(move |s| {
                dst.iter().map(move |d| {
                    FlowBox::family(fam)
                        .with(SRC, *s)
                        .with(DST, *d)
                        .with(PROTO, *proto)
                        .with(PORT, *port)
                })
            })
        }))
    }

    /// The packets of this traffic, whatever their addresses.
    pub fn any_address(&self) -> FlowSet {
        FlowSet::from_boxes(self.parts.iter().flat_map(|(proto, port)| {
            [V4, V6].map(|f| FlowBox::family(f).with(PROTO, *proto).with(PORT, *port))
        }))
    }
}
