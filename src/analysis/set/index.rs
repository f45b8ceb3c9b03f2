//! Finding the boxes of a set that overlap a box without testing them all.
//!
//! A set cut by thousands of routes or ACL rules has thousands of boxes,
//! and the pairwise operations (`a ∩ b`, `a − b`) would test every pair:
//! quadratic in routes. The boxes of one set are disjoint, so along the
//! field where they spread most they mostly follow each other: sorted by
//! that field's start, with the running maximum of its end, the boxes that
//! can overlap a query are a short run found by binary search.

use super::{Bx, Num};

/// The boxes of a slice, ordered along one field.
pub(super) struct Sorted<'b, A> {
    boxes: &'b [Bx<A>],
    field: usize,
    /// Indices into `boxes`, by start along `field`.
    order: Vec<u32>,
    /// Per position of `order`: the start of that box and the largest end
    /// of the boxes up to it.
    lo: Vec<u128>,
    max_hi: Vec<u128>,
}

/// Field `i` (0..4: source, destination, protocol, port) of a box.
#[inline]
fn span<A: Num>(b: &Bx<A>, i: usize) -> (u128, u128) {
    match i {
        0 | 1 => (b.addr[i].lo.wide(), b.addr[i].hi.wide()),
        _ => (b.small[i - 2].lo.wide(), b.small[i - 2].hi.wide()),
    }
}

impl<'b, A: Num> Sorted<'b, A> {
    pub(super) fn new(boxes: &'b [Bx<A>]) -> Self {
        // The field with the most distinct starts separates the boxes best.
        let mut field = 0;
        let mut best = 0;
        let mut starts: Vec<u128> = Vec::with_capacity(boxes.len());
        for i in 0..4 {
            starts.clear();
            starts.extend(boxes.iter().map(|b| span(b, i).0));
            starts.sort_unstable();
            starts.dedup();
            if starts.len() > best {
                best = starts.len();
                field = i;
            }
        }
        let mut order: Vec<u32> = (0..boxes.len() as u32).collect();
        order.sort_unstable_by_key(|&k| span(&boxes[k as usize], field).0);
        let mut lo = Vec::with_capacity(order.len());
        let mut max_hi = Vec::with_capacity(order.len());
        let mut m = 0;
        for &k in &order {
            let (l, h) = span(&boxes[k as usize], field);
            m = m.max(h);
            lo.push(l);
            max_hi.push(m);
        }
        Sorted {
            boxes,
            field,
            order,
            lo,
            max_hi,
        }
    }

    /// Call `f` with the index of every box that overlaps `q` (in no
    /// particular order); stop early when `f` returns `false`.
    pub(super) fn overlapping(&self, q: &Bx<A>, mut f: impl FnMut(usize) -> bool) {
        let (qlo, qhi) = span(q, self.field);
        let end = self.lo.partition_point(|l| *l <= qhi);
        for j in (0..end).rev() {
            if self.max_hi[j] < qlo {
                break;
            }
            let k = self.order[j] as usize;
            if self.boxes[k].overlaps(q) && !f(k) {
                return;
            }
        }
    }

    /// The indices of the boxes that overlap `q`, ascending.
    pub(super) fn overlapping_sorted(&self, q: &Bx<A>, out: &mut Vec<usize>) {
        out.clear();
        self.overlapping(q, |k| {
            out.push(k);
            true
        });
        out.sort_unstable();
    }

    pub(super) fn any_overlapping(&self, q: &Bx<A>) -> bool {
        let mut hit = false;
        self.overlapping(q, |_| {
            hit = true;
            false
        });
        hit
    }

    /// Whether `q` lies inside one of the boxes.
    pub(super) fn any_containing(&self, q: &Bx<A>) -> bool {
        let mut hit = false;
        self.overlapping(q, |k| {
            hit = q.within(&self.boxes[k]);
            !hit
        });
        hit
    }
}

/// Below this many box pairs, testing them all is cheaper than sorting.
pub(super) const PAIRS: usize = 4096;

/// Whether an operation of `a` boxes against `b` boxes is worth indexing
/// the `b` (sorting them costs about as much as testing a dozen boxes
/// against them all: a few boxes against many are tested directly).
pub(super) fn worth(a: usize, b: usize) -> bool {
    a >= 16 && b >= 16 && a.saturating_mul(b) > PAIRS
}
