//! The community graph: who met whom here. Regulars are nodes; introductions, and a regular
//! who brought a newcomer, are edges; a shop with thousands of them shows its most connected
//! people, so that the picture stays readable.

use std::collections::HashMap;

use super::graph::{Point, layout};

/// How many people the picture shows at most.
pub const MAX_PEOPLE: usize = 150;

/// One introduction, or one newcomer brought by a regular, as the graph draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Met {
    pub first: i64,
    pub second: i64,
    pub led_to_work: bool,
    /// The first brought the second to the shop (not an introduction: its own kind of line).
    pub brought: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    /// How many introductions (and newcomers brought) they were part of, shown or not.
    pub introductions: u32,
    pub at: Point,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Indexes into [`Community::people`].
    pub a: usize,
    pub b: usize,
    pub led_to_work: bool,
    /// A newcomer brought, from `a` to `b`.
    pub brought: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    pub people: Vec<Person>,
    pub edges: Vec<Edge>,
    /// Everyone introduced in the period, shown or not.
    pub people_in_all: usize,
}

/// Lays out the people of `met`, at most `max_people` of them: the most introduced first
/// (ties: those whose introductions led to work, then the lower id, so a reload draws the
/// same picture).
pub fn community(met: &[Met], max_people: usize) -> Community {
    let mut count: HashMap<i64, (u32, u32)> = HashMap::new();
    for m in met.iter().filter(|m| m.first != m.second) {
        for id in [m.first, m.second] {
            let entry = count.entry(id).or_default();
            entry.0 += 1;
            entry.1 += u32::from(m.led_to_work);
        }
    }
    let people_in_all = count.len();
    let mut ranked: Vec<(i64, (u32, u32))> = count.into_iter().collect();
    ranked.sort_by(|(a, (na, wa)), (b, (nb, wb))| (nb, wb, a).cmp(&(na, wa, b)));
    ranked.truncate(max_people);
    let index: HashMap<i64, usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let edges: Vec<Edge> = met
        .iter()
        .filter_map(|m| {
            let (a, b) = (*index.get(&m.first)?, *index.get(&m.second)?);
            (a != b).then_some(Edge {
                a,
                b,
                led_to_work: m.led_to_work,
                brought: m.brought,
            })
        })
        .collect();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.a, e.b)).collect();
    let points = layout(ranked.len(), &pairs);
    Community {
        people: ranked
            .into_iter()
            .zip(points)
            .map(|((id, (introductions, _)), at)| Person {
                id,
                introductions,
                at,
            })
            .collect(),
        edges,
        people_in_all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn met(first: i64, second: i64, led_to_work: bool) -> Met {
        Met {
            first,
            second,
            led_to_work,
            brought: false,
        }
    }

    #[test]
    fn a_newcomer_brought_is_an_edge_of_its_own_kind_between_two_people() {
        let brought = Met {
            brought: true,
            ..met(1, 9, false)
        };
        let graph = community(&[met(1, 2, false), brought], MAX_PEOPLE);
        assert_eq!(graph.people.len(), 3, "the newcomer is a node");
        assert_eq!(
            graph.people[0].id, 1,
            "bringing counts towards the most connected"
        );
        let kinds: Vec<bool> = graph.edges.iter().map(|e| e.brought).collect();
        assert_eq!(kinds, [false, true]);
        let edge = graph.edges[1];
        assert_eq!(
            (graph.people[edge.a].id, graph.people[edge.b].id),
            (1, 9),
            "from the one who brought"
        );
    }

    #[test]
    fn everyone_introduced_is_a_node_and_every_introduction_an_edge() {
        let graph = community(
            &[met(1, 2, true), met(2, 3, false), met(4, 5, false)],
            MAX_PEOPLE,
        );
        assert_eq!(graph.people.len(), 5);
        assert_eq!(graph.people_in_all, 5);
        assert_eq!(graph.edges.len(), 3);
        // Person 2 met two people and comes first.
        assert_eq!(graph.people[0].id, 2);
        assert_eq!(graph.people[0].introductions, 2);
        let worked: Vec<_> = graph.edges.iter().filter(|e| e.led_to_work).collect();
        assert_eq!(worked.len(), 1);
        let ids = |e: &Edge| {
            (
                graph.people[e.a].id.min(graph.people[e.b].id),
                graph.people[e.a].id.max(graph.people[e.b].id),
            )
        };
        assert_eq!(ids(worked[0]), (1, 2));
    }

    #[test]
    fn a_big_shop_shows_its_most_connected_people_and_only_their_edges() {
        // A hub (0) met 200 people; 300 and 301 met each other once.
        let mut all: Vec<Met> = (1..=200).map(|i| met(0, i, i % 10 == 0)).collect();
        all.push(met(300, 301, false));
        let graph = community(&all, 50);
        assert_eq!(graph.people.len(), 50);
        assert_eq!(graph.people_in_all, 203);
        assert_eq!(graph.people[0].id, 0);
        // Those whose introduction led to work come before the others with one.
        assert!(graph.people[1..=20].iter().all(|p| p.id % 10 == 0));
        assert!(graph.edges.iter().all(|e| e.a < 50 && e.b < 50));
        assert_eq!(graph.edges.len(), 49);
    }

    #[test]
    fn no_introductions_make_an_empty_picture() {
        let graph = community(&[met(7, 7, false)], MAX_PEOPLE);
        assert!(graph.people.is_empty() && graph.edges.is_empty());
    }
}
