//! Sets of traffic: unions of boxes over packet fields.
//!
//! A packet, as the filters of a VPC see it, is five numbers: the address
//! family, the source address, the destination address, the IP protocol and
//! the destination port (ICMP rules put the ICMP type there). Every filter
//! in AWS — an ACL rule, a security-group rule, a route, a subnet — selects
//! an interval in some of these fields, so every set the engine handles is a
//! finite union of *boxes* (one interval per field). Sets are kept as
//! pairwise-disjoint boxes; union, intersection and difference are exact
//! interval arithmetic on integers, never string or prefix comparison.
//!
//! Costs: a box difference yields at most 2·5 boxes; `a − b` costs
//! O(|a|·|b|) box operations. The sets that occur have a handful of boxes
//! (one per ACL rule or route that cut them), so operations are
//! microseconds. `coalesce` merges neighbours so repeated cuts do not
//! fragment sets without bound.

use ipnet::IpNet;
use std::fmt;

/// Field index: address family (0 = IPv4, 1 = IPv6).
pub const FAM: usize = 0;
/// Field index: source address.
pub const SRC: usize = 1;
/// Field index: destination address.
pub const DST: usize = 2;
/// Field index: IP protocol number.
pub const PROTO: usize = 3;
/// Field index: destination port (ICMP type for ICMP).
pub const PORT: usize = 4;
const DIMS: usize = 5;

pub const V4: u128 = 0;
pub const V6: u128 = 1;
pub const V4_MAX: u128 = u32::MAX as u128;

pub const TCP: u128 = 6;
pub const UDP: u128 = 17;
pub const ICMP: u128 = 1;
pub const ICMPV6: u128 = 58;

/// A closed interval `lo..=hi` (never empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    pub lo: u128,
    pub hi: u128,
}

impl Interval {
    pub const fn new(lo: u128, hi: u128) -> Self {
        Interval { lo, hi }
    }

    pub const fn point(v: u128) -> Self {
        Interval { lo: v, hi: v }
    }

    pub fn intersect(self, o: Interval) -> Option<Interval> {
        let lo = self.lo.max(o.lo);
        let hi = self.hi.min(o.hi);
        (lo <= hi).then_some(Interval { lo, hi })
    }

    pub fn contains(self, o: Interval) -> bool {
        self.lo <= o.lo && o.hi <= self.hi
    }

    /// Number of values, saturating at `u128::MAX`.
    pub fn width(self) -> u128 {
        (self.hi - self.lo).saturating_add(1)
    }
}

/// The full address range of a family.
pub fn addr_space(fam: u128) -> Interval {
    if fam == V4 {
        Interval::new(0, V4_MAX)
    } else {
        Interval::new(0, u128::MAX)
    }
}

/// A CIDR as (family, interval of addresses).
pub fn cidr(net: &IpNet) -> (u128, Interval) {
    match net {
        IpNet::V4(n) => (
            V4,
            Interval::new(
                u128::from(u32::from(n.network())),
                u128::from(u32::from(n.broadcast())),
            ),
        ),
        IpNet::V6(n) => (
            V6,
            Interval::new(u128::from(n.network()), u128::from(n.broadcast())),
        ),
    }
}

/// One box: an interval per field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FlowBox(pub [Interval; DIMS]);

impl FlowBox {
    /// Every packet of one family.
    pub fn family(fam: u128) -> Self {
        FlowBox([
            Interval::point(fam),
            addr_space(fam),
            addr_space(fam),
            Interval::new(0, 255),
            Interval::new(0, 65535),
        ])
    }

    pub fn with(mut self, dim: usize, iv: Interval) -> Self {
        self.0[dim] = iv;
        self
    }

    pub fn get(&self, dim: usize) -> Interval {
        self.0[dim]
    }

    pub fn intersect(&self, o: &FlowBox) -> Option<FlowBox> {
        let mut out = self.0;
        for (d, slot) in out.iter_mut().enumerate() {
            *slot = self.0[d].intersect(o.0[d])?;
        }
        Some(FlowBox(out))
    }

    pub fn contains(&self, o: &FlowBox) -> bool {
        (0..DIMS).all(|d| self.0[d].contains(o.0[d]))
    }

    /// `self − o` as disjoint boxes (at most 2 per field).
    fn subtract_into(&self, o: &FlowBox, out: &mut Vec<FlowBox>) {
        if self.intersect(o).is_none() {
            out.push(*self);
            return;
        }
        let mut rest = *self;
        for d in 0..DIMS {
            let (a, b) = (rest.0[d], o.0[d]);
            if a.lo < b.lo {
                out.push(rest.with(d, Interval::new(a.lo, b.lo - 1)));
                rest.0[d].lo = b.lo;
            }
            if a.hi > b.hi {
                out.push(rest.with(d, Interval::new(b.hi + 1, a.hi)));
                rest.0[d].hi = b.hi;
            }
        }
    }
}

/// A set of packets: a union of pairwise-disjoint boxes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FlowSet {
    boxes: Vec<FlowBox>,
}

impl fmt::Debug for FlowSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.boxes).finish()
    }
}

impl From<FlowBox> for FlowSet {
    fn from(b: FlowBox) -> Self {
        FlowSet { boxes: vec![b] }
    }
}

impl FlowSet {
    pub fn empty() -> Self {
        FlowSet::default()
    }

    /// Every packet of both families.
    pub fn universe() -> Self {
        FlowSet {
            boxes: vec![FlowBox::family(V4), FlowBox::family(V6)],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.boxes.is_empty()
    }

    pub fn boxes(&self) -> &[FlowBox] {
        &self.boxes
    }

    /// The boxes, one by one.
    pub fn iter(&self) -> impl Iterator<Item = FlowBox> + '_ {
        self.boxes.iter().copied()
    }

    /// A union of boxes the caller knows to be pairwise disjoint.
    pub fn from_disjoint(boxes: Vec<FlowBox>) -> Self {
        let mut s = FlowSet { boxes };
        s.coalesce();
        s
    }

    /// A union of possibly overlapping boxes.
    pub fn from_boxes(boxes: impl IntoIterator<Item = FlowBox>) -> Self {
        let mut out: Vec<FlowBox> = Vec::new();
        for b in boxes {
            push_disjoint(&mut out, b);
        }
        let mut s = FlowSet { boxes: out };
        s.coalesce();
        s
    }

    /// Add one box (keeping the boxes disjoint).
    pub fn add_box(&mut self, b: FlowBox) {
        push_disjoint(&mut self.boxes, b);
        self.coalesce();
    }

    pub fn union(&self, o: &FlowSet) -> FlowSet {
        let mut s = self.clone();
        s.union_with(o);
        s
    }

    pub fn union_with(&mut self, o: &FlowSet) {
        if self.boxes.is_empty() {
            self.boxes = o.boxes.clone();
            return;
        }
        if o.boxes.is_empty() {
            return;
        }
        let mut fresh = o.boxes.clone();
        for s in &self.boxes {
            if fresh.is_empty() {
                return;
            }
            if !fresh.iter().any(|f| f.intersect(s).is_some()) {
                continue;
            }
            let mut next = Vec::with_capacity(fresh.len());
            for f in &fresh {
                f.subtract_into(s, &mut next);
            }
            fresh = next;
        }
        self.boxes.extend(fresh);
        self.coalesce();
    }

    pub fn intersect(&self, o: &FlowSet) -> FlowSet {
        let mut out = Vec::new();
        for a in &self.boxes {
            for b in &o.boxes {
                if let Some(c) = a.intersect(b) {
                    out.push(c);
                }
            }
        }
        let mut s = FlowSet { boxes: out };
        s.coalesce();
        s
    }

    pub fn intersect_box(&self, b: &FlowBox) -> FlowSet {
        let mut s = FlowSet {
            boxes: self.boxes.iter().filter_map(|a| a.intersect(b)).collect(),
        };
        s.coalesce();
        s
    }

    pub fn subtract(&self, o: &FlowSet) -> FlowSet {
        let mut cur = self.boxes.clone();
        for b in &o.boxes {
            if cur.is_empty() {
                break;
            }
            let mut next = Vec::with_capacity(cur.len());
            for a in &cur {
                a.subtract_into(b, &mut next);
            }
            cur = next;
        }
        let mut s = FlowSet { boxes: cur };
        s.coalesce();
        s
    }

    pub fn subtract_box(&self, b: &FlowBox) -> FlowSet {
        let mut next = Vec::with_capacity(self.boxes.len());
        for a in &self.boxes {
            a.subtract_into(b, &mut next);
        }
        let mut s = FlowSet { boxes: next };
        s.coalesce();
        s
    }

    pub fn intersects(&self, o: &FlowSet) -> bool {
        self.boxes
            .iter()
            .any(|a| o.boxes.iter().any(|b| a.intersect(b).is_some()))
    }

    pub fn intersects_box(&self, b: &FlowBox) -> bool {
        self.boxes.iter().any(|a| a.intersect(b).is_some())
    }

    /// `self ⊆ o`.
    pub fn is_subset(&self, o: &FlowSet) -> bool {
        self.subtract(o).is_empty()
    }

    /// Replace one field by `iv` in every box ("for any value of this
    /// field"); overlaps are merged away.
    pub fn with_dim(&self, dim: usize, iv: Interval) -> FlowSet {
        FlowSet::from_boxes(self.boxes.iter().map(|b| b.with(dim, iv)))
    }

    /// Exchange source and destination addresses (the reply of a packet
    /// travels the other way).
    pub fn swap_addrs(&self) -> FlowSet {
        FlowSet {
            boxes: self
                .boxes
                .iter()
                .map(|b| {
                    let mut c = *b;
                    c.0.swap(SRC, DST);
                    c
                })
                .collect(),
        }
    }

    /// The values one field takes, as sorted, merged intervals.
    pub fn project(&self, dim: usize) -> Vec<Interval> {
        let mut v: Vec<Interval> = self.boxes.iter().map(|b| b.0[dim]).collect();
        merge_intervals(&mut v);
        v
    }

    /// Merge boxes that together form one box, until none do: per field,
    /// sort by the other fields and sweep, joining neighbours that touch.
    /// O(n log n) per pass; boxes are disjoint, so equal other fields and
    /// touching intervals are the only way two boxes form one.
    fn coalesce(&mut self) {
        if self.boxes.len() < 2 {
            return;
        }
        if self.boxes.len() <= 8 {
            self.coalesce_small();
            return;
        }
        // For each field, the other fields in comparison order.
        const OTHERS: [[usize; DIMS - 1]; DIMS] = [
            [1, 2, 3, 4],
            [0, 2, 3, 4],
            [0, 1, 3, 4],
            [0, 1, 2, 4],
            [0, 1, 2, 3],
        ];
        // Boxes are large (160 bytes): sort indices, then gather. The keys
        // are unique (disjoint boxes), so the order is the same as sorting
        // the boxes themselves.
        let mut idx: Vec<u32> = Vec::with_capacity(self.boxes.len());
        let mut scratch: Vec<FlowBox> = Vec::with_capacity(self.boxes.len());
        // Sort along field `d` and merge the neighbours that form one box.
        let mut sweep = |boxes: &mut Vec<FlowBox>, d: usize| {
            let others = &OTHERS[d];
            idx.clear();
            idx.extend(0..boxes.len() as u32);
            idx.sort_unstable_by(|&i, &j| {
                let (a, b) = (&boxes[i as usize], &boxes[j as usize]);
                for &e in others {
                    let c = a.0[e].cmp(&b.0[e]);
                    if c != std::cmp::Ordering::Equal {
                        return c;
                    }
                }
                a.0[d].lo.cmp(&b.0[d].lo)
            });
            // Gather in sorted order, joining each box to the previous one
            // when they differ only in field `d` and touch there.
            scratch.clear();
            for &i in &idx {
                let b = &boxes[i as usize];
                if let Some(last) = scratch.last_mut() {
                    let same = others.iter().all(|&e| last.0[e] == b.0[e]);
                    if same && last.0[d].hi.checked_add(1) == Some(b.0[d].lo) {
                        last.0[d].hi = b.0[d].hi;
                        continue;
                    }
                }
                scratch.push(*b);
            }
            std::mem::swap(boxes, &mut scratch);
        };
        // A sweep along a field leaves no merge along that field, so it is
        // only repeated after a merge along another field. The result is
        // the one of sweeping every field in every pass: the same boxes,
        // finally in the order of the last field's sort.
        let mut dirty = [true; DIMS];
        let mut sorted_by = None;
        loop {
            let before = self.boxes.len();
            for d in 0..DIMS {
                if !dirty[d] {
                    continue;
                }
                dirty[d] = false;
                let n = self.boxes.len();
                sweep(&mut self.boxes, d);
                sorted_by = Some(d);
                if self.boxes.len() < n {
                    for (e, flag) in dirty.iter_mut().enumerate() {
                        *flag |= e != d;
                    }
                }
            }
            if self.boxes.len() == before || self.boxes.len() < 2 {
                break;
            }
        }
        if self.boxes.len() >= 2 && sorted_by != Some(DIMS - 1) {
            sweep(&mut self.boxes, DIMS - 1);
        }
    }
}

impl FlowSet {
    /// Pairwise merging, cheaper than sorting for a handful of boxes.
    fn coalesce_small(&mut self) {
        let mut changed = true;
        while changed {
            changed = false;
            'outer: for i in 0..self.boxes.len() {
                for j in i + 1..self.boxes.len() {
                    // By reference: a box is 160 bytes.
                    let (a, b) = (&self.boxes[i], &self.boxes[j]);
                    let mut diff = None;
                    let mut n = 0;
                    for d in 0..DIMS {
                        if a.0[d] != b.0[d] {
                            n += 1;
                            diff = Some(d);
                        }
                    }
                    let Some(d) = diff else { continue };
                    if n != 1 {
                        continue;
                    }
                    let (x, y) = if a.0[d].lo < b.0[d].lo {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    if x.0[d].hi.checked_add(1) == Some(y.0[d].lo) {
                        self.boxes[i] = x.with(d, Interval::new(x.0[d].lo, y.0[d].hi));
                        self.boxes.swap_remove(j);
                        changed = true;
                        break 'outer;
                    }
                }
            }
        }
    }
}

/// Append the part of `b` not yet in `boxes` (keeping them disjoint).
fn push_disjoint(boxes: &mut Vec<FlowBox>, b: FlowBox) {
    if !boxes.iter().any(|s| s.intersect(&b).is_some()) {
        boxes.push(b);
        return;
    }
    let mut pieces = vec![b];
    for s in boxes.iter() {
        if pieces.is_empty() {
            return;
        }
        if !pieces.iter().any(|p| p.intersect(s).is_some()) {
            continue;
        }
        let mut next = Vec::with_capacity(pieces.len());
        for p in &pieces {
            p.subtract_into(s, &mut next);
        }
        pieces = next;
    }
    boxes.extend(pieces);
}

/// Sort and merge overlapping or touching intervals in place.
pub fn merge_intervals(v: &mut Vec<Interval>) {
    v.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(v.len());
    for iv in v.drain(..) {
        match out.last_mut() {
            Some(last) if last.hi.checked_add(1).is_none_or(|n| n >= iv.lo) => {
                last.hi = last.hi.max(iv.hi);
            }
            _ => out.push(iv),
        }
    }
    *v = out;
}

/// The parts of `within` that no interval of `holes` covers, in order.
pub fn gaps(within: Interval, mut holes: Vec<Interval>) -> Vec<Interval> {
    merge_intervals(&mut holes);
    let mut out = Vec::with_capacity(holes.len() + 1);
    let mut at = Some(within.lo);
    for h in &holes {
        let Some(a) = at.filter(|a| *a <= within.hi) else {
            return out;
        };
        if h.hi < a {
            continue;
        }
        if a < h.lo {
            out.push(Interval::new(a, (h.lo - 1).min(within.hi)));
        }
        at = h.hi.checked_add(1);
    }
    if let Some(a) = at
        && a <= within.hi
    {
        out.push(Interval::new(a, within.hi));
    }
    out
}

/// Split an address interval into the fewest CIDR blocks that cover it
/// exactly.
pub fn interval_to_cidrs(fam: u128, iv: Interval) -> Vec<IpNet> {
    let bits: u32 = if fam == V4 { 32 } else { 128 };
    let mut out = Vec::new();
    let mut lo = iv.lo;
    loop {
        // Largest aligned block starting at `lo` that fits in the interval.
        let align = if lo == 0 {
            bits
        } else {
            lo.trailing_zeros().min(bits)
        };
        let mut size_bits = align;
        while size_bits > 0 {
            let last = if size_bits == 128 {
                u128::MAX
            } else {
                lo + ((1u128 << size_bits) - 1)
            };
            if last <= iv.hi && last >= lo {
                break;
            }
            size_bits -= 1;
        }
        let prefix = (bits - size_bits) as u8;
        let net = if fam == V4 {
            IpNet::V4(
                ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(lo as u32), prefix)
                    .unwrap_or_default(),
            )
        } else {
            IpNet::V6(ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(lo), prefix).unwrap_or_default())
        };
        out.push(net);
        let last = if size_bits == 128 {
            u128::MAX
        } else {
            lo + ((1u128 << size_bits) - 1)
        };
        if last >= iv.hi {
            break;
        }
        lo = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> (u128, Interval) {
        cidr(&s.parse().unwrap())
    }

    fn tcp_from(src: &str, ports: (u128, u128)) -> FlowBox {
        let (f, iv) = net(src);
        FlowBox::family(f)
            .with(SRC, iv)
            .with(PROTO, Interval::point(TCP))
            .with(PORT, Interval::new(ports.0, ports.1))
    }

    #[test]
    fn difference_then_union_is_identity() {
        let a = FlowSet::from(tcp_from("10.0.0.0/16", (0, 65535)));
        let b = FlowSet::from(tcp_from("10.0.1.0/24", (22, 22)));
        let d = a.subtract(&b);
        assert!(!d.intersects(&b));
        assert_eq!(d.union(&b).subtract(&a), FlowSet::empty());
        assert!(a.subtract(&d.union(&b)).is_empty());
    }

    #[test]
    fn families_never_meet() {
        let v4 = FlowSet::from(FlowBox::family(V4));
        let v6 = FlowSet::from(FlowBox::family(V6));
        assert!(v4.intersect(&v6).is_empty());
        assert_eq!(v4.subtract(&v6), v4);
    }

    #[test]
    fn coalesce_restores_one_box() {
        let a = FlowSet::from(tcp_from("10.0.0.0/16", (0, 65535)));
        let b = FlowSet::from(tcp_from("10.0.1.0/24", (1000, 2000)));
        let back = a.subtract(&b).union(&b);
        assert_eq!(back.boxes().len(), 1);
        assert_eq!(back, a);
    }

    #[test]
    fn cidr_split() {
        let (f, _) = net("0.0.0.0/0");
        let iv = Interval::new(
            u128::from(u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0))),
            u128::from(u32::from(std::net::Ipv4Addr::new(10, 0, 2, 255))),
        );
        let v: Vec<String> = interval_to_cidrs(f, iv)
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(v, ["10.0.0.0/23", "10.0.2.0/24"]);
        let all: Vec<String> = interval_to_cidrs(V4, addr_space(V4))
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(all, ["0.0.0.0/0"]);
        let all6: Vec<String> = interval_to_cidrs(V6, addr_space(V6))
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(all6, ["::/0"]);
    }

    #[test]
    fn gaps_between_holes() {
        let iv = Interval::new;
        assert_eq!(
            gaps(
                iv(10, 100),
                vec![iv(50, 60), iv(0, 12), iv(90, 200), iv(300, 400)]
            ),
            [iv(13, 49), iv(61, 89)]
        );
        assert_eq!(gaps(iv(0, u128::MAX), vec![]), [iv(0, u128::MAX)]);
        assert_eq!(gaps(iv(5, 9), vec![iv(0, u128::MAX)]), []);
    }

    #[test]
    fn projection_merges() {
        let a = FlowSet::from_boxes([
            tcp_from("10.0.0.0/24", (22, 22)),
            tcp_from("10.0.1.0/24", (23, 30)),
            tcp_from("10.0.2.0/24", (100, 100)),
        ]);
        assert_eq!(
            a.project(PORT),
            vec![Interval::new(22, 30), Interval::new(100, 100)]
        );
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Boxes in a small universe (every field 0..=5, family 0..=1), so
        /// membership can be checked point by point.
        fn small_box() -> impl Strategy<Value = FlowBox> {
            let iv = (0u128..6, 0u128..6).prop_map(|(a, b)| Interval::new(a.min(b), a.max(b)));
            (0u128..2, iv.clone(), iv.clone(), iv.clone(), iv)
                .prop_map(|(f, a, b, c, d)| FlowBox([Interval::point(f), a, b, c, d]))
        }

        fn small_set() -> impl Strategy<Value = FlowSet> {
            proptest::collection::vec(small_box(), 0..5).prop_map(FlowSet::from_boxes)
        }

        fn has(s: &FlowSet, p: [u128; 5]) -> bool {
            s.boxes()
                .iter()
                .any(|b| (0..5).all(|d| b.0[d].lo <= p[d] && p[d] <= b.0[d].hi))
        }

        fn points() -> impl Iterator<Item = [u128; 5]> {
            (0..2u128).flat_map(|f| {
                (0..6u128).flat_map(move |a| {
                    (0..6u128).flat_map(move |b| {
                        (0..6u128).flat_map(move |c| (0..6u128).map(move |d| [f, a, b, c, d]))
                    })
                })
            })
        }

        fn disjoint(s: &FlowSet) -> bool {
            let b = s.boxes();
            (0..b.len()).all(|i| (i + 1..b.len()).all(|j| b[i].intersect(&b[j]).is_none()))
        }

        proptest! {
            #[test]
            fn operations_match_pointwise_logic(a in small_set(), b in small_set()) {
                let u = a.union(&b);
                let i = a.intersect(&b);
                let d = a.subtract(&b);
                prop_assert!(disjoint(&u) && disjoint(&i) && disjoint(&d));
                for p in points() {
                    let (x, y) = (has(&a, p), has(&b, p));
                    prop_assert_eq!(has(&u, p), x || y);
                    prop_assert_eq!(has(&i, p), x && y);
                    prop_assert_eq!(has(&d, p), x && !y);
                }
                prop_assert_eq!(a.is_subset(&b), points().all(|p| !has(&a, p) || has(&b, p)));
            }

            #[test]
            fn acl_sets_match_first_match_per_packet(
                rules in proptest::collection::vec((small_box(), any::<bool>()), 0..6),
                input in small_set(),
            ) {
                let prepared: Vec<super::super::super::acl::PreparedRule> = rules
                    .iter()
                    .enumerate()
                    .map(|(i, (b, allow))| super::super::super::acl::PreparedRule {
                        index: i,
                        number: i as u32 + 1,
                        allow: *allow,
                        matches: *b,
                    })
                    .collect();
                let ev = super::super::super::acl::evaluate(&prepared, &input);
                for p in points() {
                    if !has(&input, p) {
                        prop_assert!(!has(&ev.allowed, p));
                        continue;
                    }
                    let first = rules.iter().position(|(b, _)| {
                        (0..5).all(|d| b.0[d].lo <= p[d] && p[d] <= b.0[d].hi)
                    });
                    let want = first.is_some_and(|k| rules[k].1);
                    prop_assert_eq!(has(&ev.allowed, p), want);
                    prop_assert_eq!(has(&ev.default_denied, p), first.is_none());
                    if let Some(k) = first {
                        let hit = ev.hits.iter().find(|h| h.index == k);
                        prop_assert!(hit.is_some_and(|h| has(&h.set, p)));
                    }
                }
            }
        }
    }
}
