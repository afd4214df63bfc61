//! Regulars who bring newcomers: how many newcomers of a period came with a regular, and who
//! brought the most.

use serde::{Deserialize, Serialize};

/// A newcomer added in the period, recorded as brought by a regular.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BroughtFact {
    /// When the newcomer was added (Unix ms).
    pub at: i64,
    pub newcomer: i64,
    pub bringer: i64,
}

/// A regular who brought newcomers in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bringer {
    pub id: i64,
    pub brought: u32,
}

/// How many bringers the page lists.
pub const TOP_BRINGERS: usize = 10;

/// The regulars who brought the most newcomers, most first (ties: the lower id, so that a
/// reload lists them alike); at most [`TOP_BRINGERS`].
pub fn best_bringers(brought: &[BroughtFact]) -> Vec<Bringer> {
    let mut counts: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
    for fact in brought {
        *counts.entry(fact.bringer).or_default() += 1;
    }
    let mut ranked: Vec<Bringer> = counts
        .into_iter()
        .map(|(id, brought)| Bringer { id, brought })
        .collect();
    ranked.sort_by(|a, b| (b.brought, a.id).cmp(&(a.brought, b.id)));
    ranked.truncate(TOP_BRINGERS);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brought(newcomer: i64, bringer: i64) -> BroughtFact {
        BroughtFact {
            at: 0,
            newcomer,
            bringer,
        }
    }

    #[test]
    fn the_best_bringers_come_first_and_the_list_is_bounded() {
        let mut facts = vec![
            brought(10, 2),
            brought(11, 1),
            brought(12, 2),
            brought(13, 3),
        ];
        facts.extend((100..120).map(|n| brought(n, n)));
        let best = best_bringers(&facts);
        assert_eq!(best.len(), TOP_BRINGERS);
        assert_eq!(best[0], Bringer { id: 2, brought: 2 });
        // Ties in the order of their ids.
        assert_eq!(best[1].id, 1);
        assert_eq!(best[2].id, 3);
        assert!(best_bringers(&[]).is_empty());
    }
}
