//! Item numbers: each item sits at its home number (see
//! [`Inputs::home`](super::docs::Inputs::home)) or, when items share a home,
//! at the next free number after it. Which item gets which number is a
//! function of the items alone, not of the order they came in: sorted by
//! home (then id), each item takes the first number after the one before
//! it, not below its home. An edit therefore moves only the items after it
//! whose numbers were pushed along by it, which are rare.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ItemId;

#[derive(Debug, Default, Clone)]
pub struct Slots {
    /// Each item's number, in layout order.
    by_home: BTreeMap<(u32, ItemId), u32>,
    /// The item at each number.
    by_number: BTreeMap<u32, ItemId>,
}

impl Slots {
    /// The numbers of `items` (with their homes).
    pub fn new(items: impl IntoIterator<Item = (ItemId, u32)>) -> Slots {
        let mut slots = Slots::default();
        for (item, home) in items {
            slots.by_home.insert((home, item), 0);
        }
        let mut previous: Option<u32> = None;
        for ((home, item), number) in slots.by_home.iter_mut() {
            *number = next_number(previous, *home);
            previous = Some(*number);
            slots.by_number.insert(*number, item.clone());
        }
        slots
    }

    pub fn items(&self) -> impl Iterator<Item = (u32, &ItemId)> {
        self.by_number.iter().map(|(n, i)| (*n, i))
    }

    /// The items numbered in `range`.
    pub fn range(&self, range: std::ops::Range<u32>) -> impl Iterator<Item = (u32, &ItemId)> {
        self.by_number.range(range).map(|(n, i)| (*n, i))
    }

    /// Removes the items of `gone` (with their homes) and places `new`
    /// ones. Returns every item whose number changed, with its number
    /// before (`None` for a new item) and after (`None` for a removed one).
    pub fn update(
        &mut self,
        gone: &[(ItemId, u32)],
        new: &[(ItemId, u32)],
    ) -> Vec<(ItemId, Option<u32>, Option<u32>)> {
        /// The number of an item not placed yet.
        const UNPLACED: u32 = u32::MAX;
        let mut changes: BTreeMap<ItemId, (Option<u32>, Option<u32>)> = BTreeMap::new();
        let mut starts: BTreeSet<(u32, ItemId)> = BTreeSet::new();
        for (item, home) in gone {
            if let Some(number) = self.by_home.remove(&(*home, item.clone())) {
                changes.insert(item.clone(), (Some(number), None));
                starts.insert((*home, item.clone()));
            }
        }
        for (item, home) in new {
            self.by_home.insert((*home, item.clone()), UNPLACED);
            starts.insert((*home, item.clone()));
        }
        // From each change on, numbers are laid out again until an item
        // that is no change keeps its number: what follows it stays too.
        let mut walked_to: Option<(u32, ItemId)> = None;
        for start in &starts {
            if walked_to.as_ref().is_some_and(|w| start <= w) {
                continue;
            }
            let mut previous = self
                .by_home
                .range(..start.clone())
                .next_back()
                .map(|(_, n)| *n);
            for (key, number) in self.by_home.range_mut(start.clone()..) {
                let placed = next_number(previous, key.0);
                previous = Some(placed);
                walked_to = Some(key.clone());
                if placed == *number && !starts.contains(key) {
                    break;
                }
                if placed != *number {
                    let old = (*number != UNPLACED).then_some(*number);
                    changes.entry(key.1.clone()).or_insert((old, None)).1 = Some(placed);
                    *number = placed;
                }
            }
        }
        for (item, (old, _)) in &changes {
            if let Some(old) = old {
                if self.by_number.get(old) == Some(item) {
                    self.by_number.remove(old);
                }
            }
        }
        for (item, (_, new)) in &changes {
            if let Some(new) = new {
                self.by_number.insert(*new, item.clone());
            }
        }
        changes
            .into_iter()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| (i, a, b))
            .collect()
    }
}

fn next_number(previous: Option<u32>, home: u32) -> u32 {
    match previous {
        Some(p) if p >= home => p.saturating_add(1),
        _ => home,
    }
}
