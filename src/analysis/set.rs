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

mod index;

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
}

/// An integer type a field is stored in: `u32` for IPv4 addresses, `u128`
/// for IPv6, `u16` for protocols and ports.
pub trait Num: Copy + Ord + std::hash::Hash + fmt::Debug {
    const MAX: Self;
    fn wide(self) -> u128;
    /// `v` clamped to the type.
    fn narrow(v: u128) -> Self;
    fn succ(self) -> Option<Self>;
    /// `self - 1`, for `self > 0`.
    fn pred(self) -> Self;
}

macro_rules! num {
    ($t:ty) => {
        impl Num for $t {
            const MAX: Self = <$t>::MAX;
            fn wide(self) -> u128 {
                self as u128
            }
            fn narrow(v: u128) -> Self {
                v.min(<$t>::MAX as u128) as $t
            }
            fn succ(self) -> Option<Self> {
                self.checked_add(1)
            }
            fn pred(self) -> Self {
                self - 1
            }
        }
    };
}
num!(u16);
num!(u32);
num!(u128);

/// A closed interval of a stored field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Iv<T> {
    lo: T,
    hi: T,
}

impl<T: Num> Iv<T> {
    #[inline]
    fn meet(self, o: Iv<T>) -> Option<Iv<T>> {
        let lo = self.lo.max(o.lo);
        let hi = self.hi.min(o.hi);
        (lo <= hi).then_some(Iv { lo, hi })
    }

    #[inline]
    fn overlaps(self, o: Iv<T>) -> bool {
        self.lo.max(o.lo) <= self.hi.min(o.hi)
    }

    fn wide(self) -> Interval {
        Interval::new(self.lo.wide(), self.hi.wide())
    }

    /// A wide interval clamped to the type (`None` when nothing is left).
    fn narrow(iv: Interval) -> Option<Iv<T>> {
        (iv.lo <= T::MAX.wide()).then(|| Iv {
            lo: T::narrow(iv.lo),
            hi: T::narrow(iv.hi),
        })
    }
}

/// A box of one family, stored compactly: addresses in `A` (`u32` for
/// IPv4, so a box is 24 bytes instead of the 160 of five `u128`
/// intervals), protocol and port in `u16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Bx<A> {
    /// Source, destination.
    addr: [Iv<A>; 2],
    /// Protocol, port.
    small: [Iv<u16>; 2],
}

impl<A: Num> Bx<A> {
    #[inline]
    fn meet(&self, o: &Bx<A>) -> Option<Bx<A>> {
        Some(Bx {
            addr: [self.addr[0].meet(o.addr[0])?, self.addr[1].meet(o.addr[1])?],
            small: [
                self.small[0].meet(o.small[0])?,
                self.small[1].meet(o.small[1])?,
            ],
        })
    }

    #[inline]
    fn overlaps(&self, o: &Bx<A>) -> bool {
        self.small[1].overlaps(o.small[1])
            && self.addr[0].overlaps(o.addr[0])
            && self.addr[1].overlaps(o.addr[1])
            && self.small[0].overlaps(o.small[0])
    }

    /// Whether subtracting `o` leaves a part of `self` (neither all nor
    /// nothing).
    #[inline]
    fn cut_by(&self, o: &Bx<A>) -> bool {
        self.overlaps(o) && !self.within(o)
    }

    #[inline]
    fn within(&self, o: &Bx<A>) -> bool {
        (0..2).all(|i| {
            o.addr[i].lo <= self.addr[i].lo
                && self.addr[i].hi <= o.addr[i].hi
                && o.small[i].lo <= self.small[i].lo
                && self.small[i].hi <= o.small[i].hi
        })
    }

    /// `self − o` as disjoint boxes (at most 2 per field).
    fn subtract_into(&self, o: &Bx<A>, out: &mut Vec<Bx<A>>) {
        if !self.overlaps(o) {
            out.push(*self);
            return;
        }
        let mut rest = *self;
        for i in 0..2 {
            let (a, b) = (rest.addr[i], o.addr[i]);
            if a.lo < b.lo {
                let mut p = rest;
                p.addr[i] = Iv {
                    lo: a.lo,
                    hi: b.lo.pred(),
                };
                out.push(p);
                rest.addr[i].lo = b.lo;
            }
            if a.hi > b.hi {
                let mut p = rest;
                p.addr[i] = Iv {
                    lo: b.hi.succ().expect("below hi"),
                    hi: a.hi,
                };
                out.push(p);
                rest.addr[i].hi = b.hi;
            }
        }
        for i in 0..2 {
            let (a, b) = (rest.small[i], o.small[i]);
            if a.lo < b.lo {
                let mut p = rest;
                p.small[i] = Iv {
                    lo: a.lo,
                    hi: b.lo.pred(),
                };
                out.push(p);
                rest.small[i].lo = b.lo;
            }
            if a.hi > b.hi {
                let mut p = rest;
                p.small[i] = Iv {
                    lo: b.hi.succ().expect("below hi"),
                    hi: a.hi,
                };
                out.push(p);
                rest.small[i].hi = b.hi;
            }
        }
    }

    /// Field `d` (SRC, DST, PROTO or PORT) as a wide interval.
    fn get(&self, d: usize) -> Interval {
        match d {
            SRC => self.addr[0].wide(),
            DST => self.addr[1].wide(),
            PROTO => self.small[0].wide(),
            _ => self.small[1].wide(),
        }
    }

    /// Replace field `d` by `iv` clamped to the family (`None`: nothing of
    /// the family is left).
    fn with(mut self, d: usize, iv: Interval) -> Option<Bx<A>> {
        match d {
            SRC | DST => self.addr[usize::from(d == DST)] = Iv::narrow(iv)?,
            PROTO | PORT => self.small[usize::from(d == PORT)] = Iv::narrow(iv)?,
            _ => {}
        }
        Some(self)
    }

    /// The other three fields, for sorting along field `i` (0..4: source,
    /// destination, protocol, port — the order boxes are cut in) when
    /// merging neighbours.
    #[inline]
    fn cmp_others(&self, o: &Bx<A>, i: usize) -> std::cmp::Ordering {
        let mut c = std::cmp::Ordering::Equal;
        for j in 0..4 {
            if j == i {
                continue;
            }
            c = match j {
                0 | 1 => self.addr[j].cmp(&o.addr[j]),
                _ => self.small[j - 2].cmp(&o.small[j - 2]),
            };
            if c != std::cmp::Ordering::Equal {
                return c;
            }
        }
        c
    }

    /// Join `o` into `self` when they differ only in field `i` and touch
    /// there (`self` below).
    #[inline]
    fn join(&mut self, o: &Bx<A>, i: usize) -> bool {
        if self.cmp_others(o, i) != std::cmp::Ordering::Equal {
            return false;
        }
        match i {
            0 | 1 => {
                if self.addr[i].hi.succ() == Some(o.addr[i].lo) {
                    self.addr[i].hi = o.addr[i].hi;
                    return true;
                }
            }
            _ => {
                if self.small[i - 2].hi.succ() == Some(o.small[i - 2].lo) {
                    self.small[i - 2].hi = o.small[i - 2].hi;
                    return true;
                }
            }
        }
        false
    }

    /// The one box `self` and `o` form together, if they do: equal in
    /// three fields and touching in the fourth.
    #[inline]
    fn merged(&self, o: &Bx<A>) -> Option<Bx<A>> {
        let same = [
            self.addr[0] == o.addr[0],
            self.addr[1] == o.addr[1],
            self.small[0] == o.small[0],
            self.small[1] == o.small[1],
        ];
        let mut diff = None;
        for (i, eq) in same.iter().enumerate() {
            if !eq {
                if diff.is_some() {
                    return None;
                }
                diff = Some(i);
            }
        }
        let i = diff?;
        let (lo, hi) = if self.lo_of(i) < o.lo_of(i) {
            (self, o)
        } else {
            (o, self)
        };
        let mut m = *lo;
        m.join(hi, i).then_some(m)
    }

    fn lo_of(&self, i: usize) -> u128 {
        match i {
            0 | 1 => self.addr[i].lo.wide(),
            _ => self.small[i - 2].lo.wide(),
        }
    }
}

/// The boxes of one family, pairwise disjoint.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Part<A> {
    boxes: Vec<Bx<A>>,
}

impl<A> Default for Part<A> {
    fn default() -> Self {
        Part { boxes: Vec::new() }
    }
}

impl<A: Num> Part<A> {
    fn full() -> Self {
        Part {
            boxes: vec![Bx {
                addr: [Iv {
                    lo: A::narrow(0),
                    hi: A::MAX,
                }; 2],
                small: [Iv { lo: 0, hi: 255 }, Iv { lo: 0, hi: 65535 }],
            }],
        }
    }

    /// Add boxes that may overlap what is there.
    fn add(&mut self, b: Bx<A>) {
        if !self.boxes.iter().any(|s| s.overlaps(&b)) {
            self.boxes.push(b);
            return;
        }
        let mut pieces = vec![b];
        let mut next = Vec::new();
        for s in &self.boxes {
            if pieces.is_empty() {
                return;
            }
            if !pieces.iter().any(|p| p.overlaps(s)) {
                continue;
            }
            next.clear();
            for p in &pieces {
                p.subtract_into(s, &mut next);
            }
            std::mem::swap(&mut pieces, &mut next);
        }
        self.boxes.extend(pieces);
    }

    /// Add possibly overlapping boxes to an empty part, as [`Part::add`]
    /// one by one would (the same boxes in the same order), without
    /// testing each against all before it: a box that no earlier one
    /// overlaps (the common case, found with an index) is kept whole, and
    /// a repeated box adds nothing.
    fn add_all(&mut self, list: Vec<Bx<A>>) {
        debug_assert!(self.boxes.is_empty());
        if list.len() < 64 {
            for b in list {
                self.add(b);
            }
            return;
        }
        // Drop repeats, keeping each box's first occurrence in place.
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        order.sort_by_key(|&k| (list[k as usize].addr, list[k as usize].small, k));
        let mut keep = vec![true; list.len()];
        for w in order.windows(2) {
            let (a, b) = (list[w[0] as usize], list[w[1] as usize]);
            if a == b {
                keep[w[1] as usize] = false;
            }
        }
        let list: Vec<Bx<A>> = list
            .into_iter()
            .zip(keep)
            .filter_map(|(b, k)| k.then_some(b))
            .collect();
        let ix = index::Sorted::new(&list);
        for (i, b) in list.iter().enumerate() {
            let mut earlier = false;
            ix.overlapping(b, |k| {
                earlier = k < i;
                !earlier
            });
            if earlier {
                self.add(*b);
            } else {
                self.boxes.push(*b);
            }
        }
    }

    /// `boxes − o`, box by box: each box cut by the boxes of `o` that
    /// overlap it, in `o`'s order (so the pieces are those of cutting all
    /// boxes by each box of `o` in turn), found with an index. `cut`: some
    /// box was cut (not only kept or dropped).
    fn minus_indexed(boxes: &[Bx<A>], o: &[Bx<A>], cut: &mut bool) -> Vec<Bx<A>> {
        let ix = index::Sorted::new(o);
        let mut out = Vec::with_capacity(boxes.len());
        let (mut hits, mut pieces, mut next) = (Vec::new(), Vec::new(), Vec::new());
        for a in boxes {
            ix.overlapping_sorted(a, &mut hits);
            if hits.is_empty() {
                out.push(*a);
                continue;
            }
            pieces.clear();
            pieces.push(*a);
            for &k in &hits {
                if pieces.is_empty() {
                    break;
                }
                let b = &o[k];
                next.clear();
                for p in &pieces {
                    *cut |= p.cut_by(b);
                    p.subtract_into(b, &mut next);
                }
                std::mem::swap(&mut pieces, &mut next);
            }
            out.extend_from_slice(&pieces);
        }
        out
    }

    /// Whether every box of `self` is covered by `o`: each cut by the
    /// boxes of `o` that overlap it until nothing is left, stopping at the
    /// first that keeps a piece (no difference set built, nothing merged).
    fn covered_by(&self, o: &Part<A>) -> bool {
        let ix =
            index::worth(self.boxes.len(), o.boxes.len()).then(|| index::Sorted::new(&o.boxes));
        let (mut hits, mut pieces, mut next) = (Vec::new(), Vec::new(), Vec::new());
        self.boxes.iter().all(|a| {
            match &ix {
                Some(ix) => ix.overlapping_sorted(a, &mut hits),
                None => {
                    hits.clear();
                    hits.extend((0..o.boxes.len()).filter(|k| o.boxes[*k].overlaps(a)));
                }
            }
            pieces.clear();
            pieces.push(*a);
            for &k in &hits {
                next.clear();
                for p in &pieces {
                    p.subtract_into(&o.boxes[k], &mut next);
                }
                std::mem::swap(&mut pieces, &mut next);
                if pieces.is_empty() {
                    break;
                }
            }
            pieces.is_empty()
        })
    }

    fn union_with(&mut self, o: &Part<A>) {
        if self.boxes.is_empty() {
            self.boxes.clone_from(&o.boxes);
            return;
        }
        if o.boxes.is_empty() {
            return;
        }
        if index::worth(o.boxes.len(), self.boxes.len()) {
            let fresh = Self::minus_indexed(&o.boxes, &self.boxes, &mut false);
            if !fresh.is_empty() {
                self.boxes.extend(fresh);
                self.coalesce();
            }
            return;
        }
        let mut fresh = o.boxes.clone();
        let mut next = Vec::new();
        for s in &self.boxes {
            if fresh.is_empty() {
                break;
            }
            if !fresh.iter().any(|f| f.overlaps(s)) {
                continue;
            }
            next.clear();
            for f in &fresh {
                f.subtract_into(s, &mut next);
            }
            std::mem::swap(&mut fresh, &mut next);
        }
        if !fresh.is_empty() {
            self.boxes.extend(fresh);
            self.coalesce();
        }
    }

    // Coalescing: a set whose boxes pass an operation whole (or are
    // dropped) keeps no pair of boxes that forms one, so the operations
    // below merge neighbours only when they cut a box.

    fn intersect(&self, o: &Part<A>) -> Part<A> {
        let mut out = Vec::new();
        let mut cut = false;
        if index::worth(self.boxes.len(), o.boxes.len()) {
            // The same pairs in the same order, without testing the rest.
            let ix = index::Sorted::new(&o.boxes);
            let mut hits = Vec::new();
            for a in &self.boxes {
                ix.overlapping_sorted(a, &mut hits);
                for &k in &hits {
                    if let Some(c) = a.meet(&o.boxes[k]) {
                        cut |= c != *a;
                        out.push(c);
                    }
                }
            }
            let mut p = Part { boxes: out };
            if cut {
                p.coalesce();
            }
            return p;
        }
        for a in &self.boxes {
            for b in &o.boxes {
                if let Some(c) = a.meet(b) {
                    cut |= c != *a;
                    out.push(c);
                }
            }
        }
        let mut p = Part { boxes: out };
        if cut {
            p.coalesce();
        }
        p
    }

    fn intersect_box(&self, b: &Bx<A>) -> Part<A> {
        let mut cut = false;
        let mut p = Part {
            boxes: self
                .boxes
                .iter()
                .filter_map(|a| {
                    let c = a.meet(b)?;
                    cut |= c != *a;
                    Some(c)
                })
                .collect(),
        };
        if cut {
            p.coalesce();
        }
        p
    }

    fn subtract(&self, o: &Part<A>) -> Part<A> {
        if index::worth(self.boxes.len(), o.boxes.len()) {
            let mut cut = false;
            let mut p = Part {
                boxes: Self::minus_indexed(&self.boxes, &o.boxes, &mut cut),
            };
            if cut {
                p.coalesce();
            }
            return p;
        }
        let mut cur = self.boxes.clone();
        let mut next = Vec::new();
        let mut cut = false;
        for b in &o.boxes {
            if cur.is_empty() {
                break;
            }
            if !cur.iter().any(|a| a.overlaps(b)) {
                continue;
            }
            next.clear();
            for a in &cur {
                cut |= a.cut_by(b);
                a.subtract_into(b, &mut next);
            }
            std::mem::swap(&mut cur, &mut next);
        }
        let mut p = Part { boxes: cur };
        if cut {
            p.coalesce();
        }
        p
    }

    fn subtract_box(&self, b: &Bx<A>) -> Part<A> {
        let mut next = Vec::with_capacity(self.boxes.len() + 4);
        let mut cut = false;
        for a in &self.boxes {
            cut |= a.cut_by(b);
            a.subtract_into(b, &mut next);
        }
        let mut p = Part { boxes: next };
        if cut {
            p.coalesce();
        }
        p
    }

    fn intersects(&self, o: &Part<A>) -> bool {
        if index::worth(self.boxes.len(), o.boxes.len()) {
            let ix = index::Sorted::new(&o.boxes);
            return self.boxes.iter().any(|a| ix.any_overlapping(a));
        }
        self.boxes
            .iter()
            .any(|a| o.boxes.iter().any(|b| a.overlaps(b)))
    }

    /// Merge boxes that together form one box, until none do: per field,
    /// sort by the other fields and sweep, joining neighbours that touch.
    /// O(n log n) per pass; boxes are disjoint, so equal other fields and
    /// touching intervals are the only way two boxes form one.
    fn coalesce(&mut self) {
        let n = self.boxes.len();
        if n < 2 {
            return;
        }
        if n <= 8 {
            self.coalesce_small();
            return;
        }
        // A sweep along a field leaves no merge along that field, so it is
        // only repeated after a merge along another field. The boxes end in
        // the order of the port field's sort, whatever merged.
        let mut dirty = [true; 4];
        let mut sorted_by = None;
        loop {
            let before = self.boxes.len();
            for i in 0..4 {
                if !dirty[i] {
                    continue;
                }
                dirty[i] = false;
                let n = self.boxes.len();
                self.sweep(i);
                sorted_by = Some(i);
                if self.boxes.len() < n {
                    for (j, flag) in dirty.iter_mut().enumerate() {
                        *flag |= j != i;
                    }
                }
            }
            if self.boxes.len() == before || self.boxes.len() < 2 {
                break;
            }
        }
        if self.boxes.len() >= 2 && sorted_by != Some(3) {
            self.sweep(3);
        }
    }

    /// Sort along field `i` and merge the neighbours that form one box.
    fn sweep(&mut self, i: usize) {
        // The other fields, then this one's start, as one key.
        let v = &mut self.boxes;
        match i {
            0 => v.sort_unstable_by_key(|b| (b.addr[1], b.small, b.addr[0].lo)),
            1 => v.sort_unstable_by_key(|b| (b.addr[0], b.small, b.addr[1].lo)),
            2 => v.sort_unstable_by_key(|b| (b.addr, b.small[1], b.small[0].lo)),
            _ => v.sort_unstable_by_key(|b| (b.addr, b.small[0], b.small[1].lo)),
        }
        let mut w = 0;
        for r in 1..self.boxes.len() {
            let b = self.boxes[r];
            if !self.boxes[w].join(&b, i) {
                w += 1;
                self.boxes[w] = b;
            }
        }
        self.boxes.truncate(w + 1);
    }

    /// Pairwise merging, cheaper than sorting for a handful of boxes.
    fn coalesce_small(&mut self) {
        let mut changed = true;
        while changed {
            changed = false;
            'outer: for i in 0..self.boxes.len() {
                for j in i + 1..self.boxes.len() {
                    if let Some(m) = self.boxes[i].merged(&self.boxes[j]) {
                        self.boxes[i] = m;
                        self.boxes.swap_remove(j);
                        changed = true;
                        break 'outer;
                    }
                }
            }
        }
    }
}

/// A set of packets: a union of pairwise-disjoint boxes, each family apart
/// (IPv4 boxes in `u32`, IPv6 in `u128`), so the common IPv4 box is small
/// and families never meet.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FlowSet {
    v4: Part<u32>,
    v6: Part<u128>,
}

impl fmt::Debug for FlowSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<FlowBox> for FlowSet {
    fn from(b: FlowBox) -> Self {
        let mut s = FlowSet::empty();
        if let Some(x) = narrow::<u32>(&b, V4) {
            s.v4.boxes.push(x);
        }
        if let Some(x) = narrow::<u128>(&b, V6) {
            s.v6.boxes.push(x);
        }
        s
    }
}

/// The part of a wide box in one family, stored compactly.
fn narrow<A: Num>(b: &FlowBox, fam: u128) -> Option<Bx<A>> {
    if !(b.0[FAM].lo <= fam && fam <= b.0[FAM].hi) {
        return None;
    }
    let small = |iv: Interval| Iv::<u16>::narrow(iv);
    Some(Bx {
        addr: [Iv::narrow(b.0[SRC])?, Iv::narrow(b.0[DST])?],
        small: [small(b.0[PROTO])?, small(b.0[PORT])?],
    })
}

fn widen<A: Num>(b: &Bx<A>, fam: u128) -> FlowBox {
    FlowBox([
        Interval::point(fam),
        b.addr[0].wide(),
        b.addr[1].wide(),
        b.small[0].wide(),
        b.small[1].wide(),
    ])
}

impl FlowSet {
    pub fn empty() -> Self {
        FlowSet::default()
    }

    /// Every packet of both families.
    pub fn universe() -> Self {
        FlowSet {
            v4: Part::full(),
            v6: Part::full(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.v4.boxes.is_empty() && self.v6.boxes.is_empty()
    }

    /// How many boxes the set is made of.
    pub fn len(&self) -> usize {
        self.v4.boxes.len() + self.v6.boxes.len()
    }

    /// The boxes, one by one (IPv4 first).
    pub fn iter(&self) -> impl Iterator<Item = FlowBox> + '_ {
        self.v4
            .boxes
            .iter()
            .map(|b| widen(b, V4))
            .chain(self.v6.boxes.iter().map(|b| widen(b, V6)))
    }

    /// A union of boxes the caller knows to be pairwise disjoint.
    pub fn from_disjoint(boxes: Vec<FlowBox>) -> Self {
        let mut s = FlowSet::empty();
        // Nearly always one family: room for all of them there, no regrowth.
        match boxes.first().map(|b| b.0[FAM].lo) {
            Some(V4) => s.v4.boxes.reserve_exact(boxes.len()),
            Some(_) => s.v6.boxes.reserve_exact(boxes.len()),
            None => {}
        }
        for b in &boxes {
            if let Some(x) = narrow::<u32>(b, V4) {
                s.v4.boxes.push(x);
            }
            if let Some(x) = narrow::<u128>(b, V6) {
                s.v6.boxes.push(x);
            }
        }
        s.v4.coalesce();
        s.v6.coalesce();
        s
    }

    /// A union of possibly overlapping boxes.
    pub fn from_boxes(boxes: impl IntoIterator<Item = FlowBox>) -> Self {
        let mut s = FlowSet::empty();
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for b in boxes {
            v4.extend(narrow::<u32>(&b, V4));
            v6.extend(narrow::<u128>(&b, V6));
        }
        s.v4.add_all(v4);
        s.v6.add_all(v6);
        s.v4.coalesce();
        s.v6.coalesce();
        s
    }

    /// Add one box (keeping the boxes disjoint).
    pub fn add_box(&mut self, b: FlowBox) {
        if let Some(x) = narrow::<u32>(&b, V4) {
            self.v4.add(x);
            self.v4.coalesce();
        }
        if let Some(x) = narrow::<u128>(&b, V6) {
            self.v6.add(x);
            self.v6.coalesce();
        }
    }

    pub fn union(&self, o: &FlowSet) -> FlowSet {
        let mut s = self.clone();
        s.union_with(o);
        s
    }

    pub fn union_with(&mut self, o: &FlowSet) {
        self.v4.union_with(&o.v4);
        self.v6.union_with(&o.v6);
    }

    pub fn intersect(&self, o: &FlowSet) -> FlowSet {
        FlowSet {
            v4: self.v4.intersect(&o.v4),
            v6: self.v6.intersect(&o.v6),
        }
    }

    pub fn intersect_box(&self, b: &FlowBox) -> FlowSet {
        FlowSet {
            v4: match narrow::<u32>(b, V4) {
                Some(x) => self.v4.intersect_box(&x),
                None => Part::default(),
            },
            v6: match narrow::<u128>(b, V6) {
                Some(x) => self.v6.intersect_box(&x),
                None => Part::default(),
            },
        }
    }

    pub fn subtract(&self, o: &FlowSet) -> FlowSet {
        FlowSet {
            v4: self.v4.subtract(&o.v4),
            v6: self.v6.subtract(&o.v6),
        }
    }

    pub fn subtract_box(&self, b: &FlowBox) -> FlowSet {
        FlowSet {
            v4: match narrow::<u32>(b, V4) {
                Some(x) => self.v4.subtract_box(&x),
                None => self.v4.clone(),
            },
            v6: match narrow::<u128>(b, V6) {
                Some(x) => self.v6.subtract_box(&x),
                None => self.v6.clone(),
            },
        }
    }

    pub fn intersects(&self, o: &FlowSet) -> bool {
        self.v4.intersects(&o.v4) || self.v6.intersects(&o.v6)
    }

    pub fn intersects_box(&self, b: &FlowBox) -> bool {
        narrow::<u32>(b, V4).is_some_and(|x| self.v4.boxes.iter().any(|a| a.overlaps(&x)))
            || narrow::<u128>(b, V6).is_some_and(|x| self.v6.boxes.iter().any(|a| a.overlaps(&x)))
    }

    /// Whether every packet of the set is in the box: then
    /// `intersect_box` would return the set as it is and `subtract_box`
    /// nothing.
    pub fn within_box(&self, b: &FlowBox) -> bool {
        fn part<A: Num>(p: &Part<A>, b: Option<Bx<A>>) -> bool {
            match b {
                Some(x) => p.boxes.iter().all(|a| a.within(&x)),
                None => p.boxes.is_empty(),
            }
        }
        part(&self.v4, narrow::<u32>(b, V4)) && part(&self.v6, narrow::<u128>(b, V6))
    }

    /// `self ⊆ o`.
    pub fn is_subset(&self, o: &FlowSet) -> bool {
        fn sub<A: Num>(a: &Part<A>, o: &Part<A>) -> bool {
            // Equal box lists: the common case of a leg that passes whole.
            if a.boxes == o.boxes {
                return true;
            }
            // Most boxes lie inside one box of `o`: no set arithmetic then.
            let inside = if index::worth(a.boxes.len(), o.boxes.len()) {
                let ix = index::Sorted::new(&o.boxes);
                a.boxes.iter().all(|b| ix.any_containing(b))
            } else {
                a.boxes.iter().all(|b| o.boxes.iter().any(|c| b.within(c)))
            };
            inside || a.covered_by(o)
        }
        sub(&self.v4, &o.v4) && sub(&self.v6, &o.v6)
    }

    /// Replace one field by `iv` in every box ("for any value of this
    /// field"); overlaps are merged away.
    pub fn with_dim(&self, dim: usize, iv: Interval) -> FlowSet {
        fn part<A: Num>(p: &Part<A>, dim: usize, iv: Interval) -> Part<A> {
            let mut out = Part::default();
            out.add_all(p.boxes.iter().filter_map(|b| b.with(dim, iv)).collect());
            out.coalesce();
            out
        }
        FlowSet {
            v4: part(&self.v4, dim, iv),
            v6: part(&self.v6, dim, iv),
        }
    }

    /// Exchange source and destination addresses (the reply of a packet
    /// travels the other way).
    pub fn swap_addrs(&self) -> FlowSet {
        fn part<A: Num>(p: &Part<A>) -> Part<A> {
            Part {
                boxes: p
                    .boxes
                    .iter()
                    .map(|b| {
                        let mut c = *b;
                        c.addr.swap(0, 1);
                        c
                    })
                    .collect(),
            }
        }
        FlowSet {
            v4: part(&self.v4),
            v6: part(&self.v6),
        }
    }

    /// The values one field takes, as sorted, merged intervals (both
    /// families together).
    pub fn project(&self, dim: usize) -> Vec<Interval> {
        let mut v: Vec<Interval> = if dim == FAM {
            let mut v = Vec::new();
            if !self.v4.boxes.is_empty() {
                v.push(Interval::point(V4));
            }
            if !self.v6.boxes.is_empty() {
                v.push(Interval::point(V6));
            }
            v
        } else {
            self.v4
                .boxes
                .iter()
                .map(|b| b.get(dim))
                .chain(self.v6.boxes.iter().map(|b| b.get(dim)))
                .collect()
        };
        merge_intervals(&mut v);
        v
    }
}

/// Boxes to try in order — the rules of an ACL direction — stored per
/// family the way sets store theirs, so matching converts nothing.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// (position in the rule list, box) per family.
    v4: Vec<(u32, Bx<u32>)>,
    v6: Vec<(u32, Bx<u128>)>,
}

impl Matcher {
    pub fn new(boxes: impl IntoIterator<Item = FlowBox>) -> Self {
        let mut m = Matcher::default();
        for (i, b) in boxes.into_iter().enumerate() {
            if let Some(x) = narrow::<u32>(&b, V4) {
                m.v4.push((i as u32, x));
            }
            if let Some(x) = narrow::<u128>(&b, V6) {
                m.v6.push((i as u32, x));
            }
        }
        m
    }
}

impl Matcher {
    /// The positions before `pos` whose boxes overlap the box at `pos`, in
    /// order (compact boxes: a few integer compares each).
    pub fn overlapping_before(&self, pos: usize) -> Vec<usize> {
        fn scan<A: Num>(list: &[(u32, Bx<A>)], pos: usize, out: &mut Vec<usize>) {
            let Ok(k) = list.binary_search_by_key(&(pos as u32), |e| e.0) else {
                return;
            };
            let b = list[k].1;
            out.extend(
                list[..k]
                    .iter()
                    .filter(|e| e.1.overlaps(&b))
                    .map(|e| e.0 as usize),
            );
        }
        let mut out = Vec::new();
        scan(&self.v4, pos, &mut out);
        let mut v6 = Vec::new();
        scan(&self.v6, pos, &mut v6);
        if !v6.is_empty() {
            out.extend(v6);
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

/// A set split by the first box of a [`Matcher`] each packet falls in.
#[derive(Clone, Debug, Default)]
pub struct FirstMatch {
    /// (position, the part that box takes), in position order, non-empty.
    pub taken: Vec<(usize, FlowSet)>,
    /// What no box takes.
    pub left: FlowSet,
}

/// First-match over one family. `left` is cut rule by rule; it is merged
/// only when it has doubled since the last merge (merging after every cut
/// would sort it once per rule), so the cost is O(rules × boxes of left)
/// box tests, plus cuts.
fn first_match_part<A: Num>(
    part: &Part<A>,
    rules: &[(u32, Bx<A>)],
    out: &mut Vec<(u32, Part<A>)>,
) -> Part<A> {
    let from = out.len();
    // Pieces come rule by rule: a new rule starts a new part.
    let mut last = None;
    let (left, _) = walk_first_match(part, rules, |k, m| {
        match out.last_mut() {
            Some((_, t)) if last == Some(k) => t.boxes.push(m),
            _ => out.push((rules[k].0, Part { boxes: vec![m] })),
        }
        last = Some(k);
    });
    for (_, t) in &mut out[from..] {
        t.coalesce();
    }
    let mut p = Part { boxes: left };
    p.coalesce();
    p
}

/// The walk both first-match forms share: every rule that meets what is
/// left hands each piece it takes to `take` with the rule's index in
/// `rules`, rule by rule. Returns what no rule takes (not merged) and
/// whether any box was cut.
fn walk_first_match<A: Num>(
    part: &Part<A>,
    rules: &[(u32, Bx<A>)],
    mut take: impl FnMut(usize, Bx<A>),
) -> (Vec<Bx<A>>, bool) {
    let mut left = part.boxes.clone();
    let mut next = Vec::new();
    let mut cut = false;
    let mut mark = left.len().max(16);
    // Most rules miss what is left altogether: one test against its
    // bounding box settles them.
    let mut bound = hull(&left);
    for (k, (_, r)) in rules.iter().enumerate() {
        let Some(b) = bound else { break };
        if !b.overlaps(r) || !left.iter().any(|a| a.overlaps(r)) {
            continue;
        }
        next.clear();
        for a in &left {
            match a.meet(r) {
                Some(m) => {
                    if m != *a {
                        a.subtract_into(r, &mut next);
                        cut = true;
                    }
                    take(k, m);
                }
                None => next.push(*a),
            }
        }
        std::mem::swap(&mut left, &mut next);
        bound = hull(&left);
        if left.len() > 2 * mark {
            let mut p = Part {
                boxes: std::mem::take(&mut left),
            };
            p.coalesce();
            left = p.boxes;
            mark = left.len().max(16);
        }
    }
    (left, cut)
}

/// The smallest box around some boxes.
fn hull<A: Num>(boxes: &[Bx<A>]) -> Option<Bx<A>> {
    let (first, rest) = boxes.split_first()?;
    let mut h = *first;
    for b in rest {
        for i in 0..2 {
            h.addr[i].lo = h.addr[i].lo.min(b.addr[i].lo);
            h.addr[i].hi = h.addr[i].hi.max(b.addr[i].hi);
            h.small[i].lo = h.small[i].lo.min(b.small[i].lo);
            h.small[i].hi = h.small[i].hi.max(b.small[i].hi);
        }
    }
    Some(h)
}

/// What [`first_match_part`] hands to the boxes `pass` accepts, as one
/// part: the taken pieces are gathered and merged once, not per rule, and
/// what no box takes is not merged at all.
fn first_match_passed_part<A: Num>(
    part: &Part<A>,
    rules: &[(u32, Bx<A>)],
    pass: &impl Fn(usize) -> bool,
) -> Part<A> {
    let mut out = Vec::new();
    let (_, cut) = walk_first_match(part, rules, |k, m| {
        if pass(rules[k].0 as usize) {
            out.push(m);
        }
    });
    let mut p = Part { boxes: out };
    if cut || p.boxes.len() > part.boxes.len() {
        p.coalesce();
    }
    p
}

impl FlowSet {
    /// The union of the parts of [`FlowSet::first_match`] whose positions
    /// `pass` accepts (what an ACL lets through), without building the
    /// parts one by one: the same packets, for the verdict-only engine.
    pub fn first_match_passed(&self, m: &Matcher, pass: impl Fn(usize) -> bool) -> FlowSet {
        FlowSet {
            v4: first_match_passed_part(&self.v4, &m.v4, &pass),
            v6: first_match_passed_part(&self.v6, &m.v6, &pass),
        }
    }

    /// Replace field `dim` of every box by the pieces `f` cuts its
    /// interval into (sorted, disjoint, inside it; `f` is told the
    /// family): the packets of each box whose field lies in those pieces,
    /// merged once. Works on the stored boxes, converting nothing.
    pub fn split_dim(
        &self,
        dim: usize,
        mut f: impl FnMut(u128, Interval, &mut Vec<Interval>),
    ) -> FlowSet {
        fn part<A: Num>(
            p: &Part<A>,
            fam: u128,
            dim: usize,
            f: &mut impl FnMut(u128, Interval, &mut Vec<Interval>),
            ivs: &mut Vec<Interval>,
        ) -> Part<A> {
            let mut out = Vec::with_capacity(p.boxes.len());
            let mut cut = false;
            for b in &p.boxes {
                ivs.clear();
                let iv = b.get(dim);
                f(fam, iv, ivs);
                for piece in ivs.iter() {
                    if *piece == iv {
                        out.push(*b);
                    } else if let Some(x) = b.with(dim, *piece) {
                        cut = true;
                        out.push(x);
                    }
                }
            }
            let mut p = Part { boxes: out };
            if cut {
                p.coalesce();
            }
            p
        }
        let mut ivs = Vec::new();
        FlowSet {
            v4: part(&self.v4, V4, dim, &mut f, &mut ivs),
            v6: part(&self.v6, V6, dim, &mut f, &mut ivs),
        }
    }
}

impl FlowSet {
    /// Split the set by the first box of `m` each packet falls in (an ACL:
    /// rules by number, first match wins).
    pub fn first_match(&self, m: &Matcher) -> FirstMatch {
        let (mut t4, mut t6) = (Vec::new(), Vec::new());
        let left = FlowSet {
            v4: first_match_part(&self.v4, &m.v4, &mut t4),
            v6: first_match_part(&self.v6, &m.v6, &mut t6),
        };
        // Both lists are in position order: merge them.
        let mut taken = Vec::with_capacity(t4.len() + t6.len());
        let (mut a, mut b) = (t4.into_iter().peekable(), t6.into_iter().peekable());
        loop {
            let (pos, set) = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    let ((pos, v4), (_, v6)) =
                        (a.next().expect("peeked"), b.next().expect("peeked"));
                    (pos, FlowSet { v4, v6 })
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    let (pos, v4) = a.next().expect("peeked");
                    (
                        pos,
                        FlowSet {
                            v4,
                            v6: Part::default(),
                        },
                    )
                }
                (_, Some(_)) => {
                    let (pos, v6) = b.next().expect("peeked");
                    (
                        pos,
                        FlowSet {
                            v4: Part::default(),
                            v6,
                        },
                    )
                }
                (Some(_), None) => {
                    let (pos, v4) = a.next().expect("peeked");
                    (
                        pos,
                        FlowSet {
                            v4,
                            v6: Part::default(),
                        },
                    )
                }
                (None, None) => break,
            };
            taken.push((pos as usize, set));
        }
        FirstMatch { taken, left }
    }

    /// The packets whose field `dim` lies in `ivs` (sorted, merged): each
    /// box is cut at the intervals it spans, found by binary search — no
    /// set product, no merging.
    pub fn restrict(&self, dim: usize, ivs: &[Interval]) -> FlowSet {
        fn part<A: Num>(p: &Part<A>, dim: usize, ivs: &[Interval]) -> Part<A> {
            let mut out = Vec::with_capacity(p.boxes.len());
            for b in &p.boxes {
                let iv = b.get(dim);
                let start = ivs.partition_point(|m| m.hi < iv.lo);
                for m in ivs[start..].iter().take_while(|m| m.lo <= iv.hi) {
                    if m.lo <= iv.lo && iv.hi <= m.hi {
                        out.push(*b);
                    } else if let Some(piece) = m.intersect(iv).and_then(|x| b.with(dim, x)) {
                        out.push(piece);
                    }
                }
            }
            Part { boxes: out }
        }
        FlowSet {
            v4: part(&self.v4, dim, ivs),
            v6: part(&self.v6, dim, ivs),
        }
    }

    /// Whether [`FlowSet::restrict`] would leave anything, without building
    /// the (possibly many-box) restriction.
    pub fn meets_dim(&self, dim: usize, ivs: &[Interval]) -> bool {
        fn part<A: Num>(p: &Part<A>, dim: usize, ivs: &[Interval]) -> bool {
            p.boxes.iter().any(|b| {
                let iv = b.get(dim);
                let start = ivs.partition_point(|m| m.hi < iv.lo);
                ivs[start..]
                    .iter()
                    .take_while(|m| m.lo <= iv.hi)
                    .any(|m| m.intersect(iv).and_then(|x| b.with(dim, x)).is_some())
            })
        }
        part(&self.v4, dim, ivs) || part(&self.v6, dim, ivs)
    }

    /// The union of sets known to be pairwise disjoint (the parts of one
    /// partition): their boxes together, merged once.
    pub fn union_disjoint<'s>(sets: impl IntoIterator<Item = &'s FlowSet>) -> FlowSet {
        let mut out = FlowSet::empty();
        for s in sets {
            out.v4.boxes.extend_from_slice(&s.v4.boxes);
            out.v6.boxes.extend_from_slice(&s.v6.boxes);
        }
        out.v4.coalesce();
        out.v6.coalesce();
        out
    }
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

    /// `meets_dim` says whether `restrict` leaves anything, box inside a
    /// piece, straddling pieces, between pieces, and for each family.
    #[test]
    fn meets_dim_is_restrict_not_empty() {
        let ivs = [Interval::new(10, 19), Interval::new(40, 49)];
        for (lo, hi) in [
            (0, 5),
            (0, 10),
            (12, 15),
            (15, 45),
            (20, 39),
            (49, 60),
            (50, 60),
        ] {
            for fam in [V4, V6] {
                let s = FlowSet::from(FlowBox::family(fam).with(DST, Interval::new(lo, hi)));
                assert_eq!(
                    s.meets_dim(DST, &ivs),
                    !s.restrict(DST, &ivs).is_empty(),
                    "{lo}-{hi} in family {fam}"
                );
            }
        }
        assert!(!FlowSet::empty().meets_dim(DST, &ivs));
    }

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
        assert_eq!(back.len(), 1);
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

        /// Boxes of one family with 40 values per field: sets of them
        /// keep hundreds of boxes apart.
        fn big_box() -> impl Strategy<Value = FlowBox> {
            let iv = |w: u128| {
                (0u128..40, 0u128..w).prop_map(|(a, l)| Interval::new(a, (a + l).min(40)))
            };
            (iv(12), iv(6), (0u128..3).prop_map(Interval::point), iv(20))
                .prop_map(|(s, d, p, o)| FlowBox([Interval::point(0), s, d, p, o]))
        }

        fn big_set() -> impl Strategy<Value = FlowSet> {
            proptest::collection::vec(big_box(), 80..160).prop_map(FlowSet::from_boxes)
        }

        fn big_point() -> impl Strategy<Value = [u128; 5]> {
            (0u128..41, 0u128..41, 0u128..3, 0u128..41).prop_map(|(a, b, c, d)| [0, a, b, c, d])
        }

        fn has(s: &FlowSet, p: [u128; 5]) -> bool {
            s.iter()
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
            let b: Vec<FlowBox> = s.iter().collect();
            (0..b.len()).all(|i| (i + 1..b.len()).all(|j| b[i].intersect(&b[j]).is_none()))
        }

        /// Sets of hundreds of boxes take the indexed paths (union,
        /// intersection, difference, subset, `with_dim`): still exact.
        ///
        /// Twelve cases whatever `PROPTEST_CASES` says (the `proptest!`
        /// macro lets that variable override an explicit case count, and
        /// each case takes about half a second unoptimised: CI's 3,000
        /// would take 25 minutes).
        #[test]
        fn indexed_operations_match_pointwise_logic() {
            let config = ProptestConfig {
                cases: 12,
                failure_persistence: None,
                ..ProptestConfig::default()
            };
            let inputs = (
                big_set(),
                big_set(),
                proptest::collection::vec(big_point(), 300),
            );
            let mut runner = proptest::test_runner::TestRunner::new(config);
            let result = runner.run(&inputs, |(a, b, probes)| {
                prop_assert!(a.len() >= 16 && b.len() >= 16, "{} {}", a.len(), b.len());
                let u = a.union(&b);
                let i = a.intersect(&b);
                let d = a.subtract(&b);
                let w = a.with_dim(PORT, Interval::new(0, 40));
                prop_assert!(disjoint(&u) && disjoint(&i) && disjoint(&d) && disjoint(&w));
                let corners = a.iter().chain(b.iter()).flat_map(|x| {
                    [
                        [0, x.0[1].lo, x.0[2].lo, x.0[3].lo, x.0[4].lo],
                        [0, x.0[1].hi, x.0[2].hi, x.0[3].hi, x.0[4].hi],
                    ]
                });
                for p in probes.into_iter().chain(corners) {
                    let (x, y) = (has(&a, p), has(&b, p));
                    prop_assert_eq!(has(&u, p), x || y);
                    prop_assert_eq!(has(&i, p), x && y);
                    prop_assert_eq!(has(&d, p), x && !y);
                    let any_port = a
                        .iter()
                        .any(|x| (0..4).all(|k| x.0[k].lo <= p[k] && p[k] <= x.0[k].hi));
                    prop_assert_eq!(has(&w, p), any_port && p[4] <= 40);
                }
                prop_assert_eq!(a.intersects(&b), !i.is_empty());
                prop_assert_eq!(a.is_subset(&b), d.is_empty());
                prop_assert!(i.is_subset(&a) && a.is_subset(&u));
                Ok(())
            });
            if let Err(e) = result {
                panic!("{e}");
            }
        }

        proptest! {
            #[test]
            fn operations_match_pointwise_logic(a in small_set(), b in small_set()) {
                let u = a.union(&b);
                let i = a.intersect(&b);
                let d = a.subtract(&b);
                let keep = [Interval::new(1, 2), Interval::new(4, 4)];
                let r = a.restrict(SRC, &keep);
                // Cut each box's port interval to its values in `keep`.
                let s = a.split_dim(PORT, |_, iv, out| {
                    out.extend(keep.iter().filter_map(|k| k.intersect(iv)));
                });
                prop_assert!(disjoint(&u) && disjoint(&i) && disjoint(&d) && disjoint(&s));
                for p in points() {
                    let (x, y) = (has(&a, p), has(&b, p));
                    prop_assert_eq!(has(&u, p), x || y);
                    prop_assert_eq!(has(&i, p), x && y);
                    prop_assert_eq!(has(&d, p), x && !y);
                    let kept = keep.iter().any(|k| k.lo <= p[SRC] && p[SRC] <= k.hi);
                    prop_assert_eq!(has(&r, p), x && kept);
                    let port_kept = keep.iter().any(|k| k.lo <= p[PORT] && p[PORT] <= k.hi);
                    prop_assert_eq!(has(&s, p), x && port_kept);
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
                let matcher = Matcher::new(prepared.iter().map(|r| r.matches));
                let passed = input.first_match_passed(&matcher, |pos| prepared[pos].allow);
                for p in points() {
                    if !has(&input, p) {
                        prop_assert!(!has(&ev.allowed(), p));
                        prop_assert!(!has(&passed, p));
                        continue;
                    }
                    let first = rules.iter().position(|(b, _)| {
                        (0..5).all(|d| b.0[d].lo <= p[d] && p[d] <= b.0[d].hi)
                    });
                    let want = first.is_some_and(|k| rules[k].1);
                    prop_assert_eq!(has(&ev.allowed(), p), want);
                    prop_assert_eq!(has(&passed, p), want);
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
