//! Side tables: one value per resource of a kind, indexed by its typed id.
//!
//! Derived facts (a subnet's route table, the classes of an Auto Scaling
//! group) live beside the model in vectors parallel to its kind vectors.
//! Indexing them by `Id<T>` rather than by a raw `usize` keeps a subnet id
//! from reading the table of instances: `t.subnet_acl[subnet]` only
//! compiles with a `SubnetId`.

use super::Id;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A vector with one `V` per resource of kind `T`.
pub struct IdVec<T, V> {
    items: Vec<V>,
    _kind: PhantomData<fn() -> T>,
}

impl<T, V> IdVec<T, V> {
    /// `n` copies of `v`, one per resource of a kind with `n` resources.
    pub fn filled(n: usize, v: V) -> Self
    where
        V: Clone,
    {
        IdVec {
            items: vec![v; n],
            _kind: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The value of `id`, if the table has one.
    pub fn get(&self, id: Id<T>) -> Option<&V> {
        self.items.get(id.index())
    }

    /// The values in id order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.items.iter()
    }

    /// The values in id order, by value.
    pub fn into_values(self) -> std::vec::IntoIter<V> {
        self.items.into_iter()
    }

    /// (id, value) pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (Id<T>, &V)> {
        self.items.iter().enumerate().map(|(i, v)| (Id::new(i), v))
    }

    pub fn push(&mut self, v: V) -> Id<T> {
        self.items.push(v);
        Id::new(self.items.len() - 1)
    }
}

impl<T, V> From<Vec<V>> for IdVec<T, V> {
    fn from(items: Vec<V>) -> Self {
        IdVec {
            items,
            _kind: PhantomData,
        }
    }
}

impl<T, V> FromIterator<V> for IdVec<T, V> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T, V> Default for IdVec<T, V> {
    fn default() -> Self {
        IdVec {
            items: Vec::new(),
            _kind: PhantomData,
        }
    }
}

impl<T, V: Clone> Clone for IdVec<T, V> {
    fn clone(&self) -> Self {
        IdVec {
            items: self.items.clone(),
            _kind: PhantomData,
        }
    }
}

impl<T, V: std::fmt::Debug> std::fmt::Debug for IdVec<T, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<T, V> Index<Id<T>> for IdVec<T, V> {
    type Output = V;
    fn index(&self, id: Id<T>) -> &V {
        &self.items[id.index()]
    }
}

impl<T, V> IndexMut<Id<T>> for IdVec<T, V> {
    fn index_mut(&mut self, id: Id<T>) -> &mut V {
        &mut self.items[id.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SubnetId, Vpc};

    #[test]
    fn indexed_by_typed_id() {
        let mut t: IdVec<Vpc, Vec<SubnetId>> = IdVec::filled(2, Vec::new());
        let v = Id::<Vpc>::new(1);
        t[v].push(SubnetId::new(7));
        assert_eq!(t[v], [SubnetId::new(7)]);
        assert!(t[Id::new(0)].is_empty());
        let pairs: Vec<(Id<Vpc>, usize)> = t.iter().map(|(id, s)| (id, s.len())).collect();
        assert_eq!(pairs, [(Id::new(0), 0), (Id::new(1), 1)]);
    }
}
