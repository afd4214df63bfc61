//! Where each regular sits in the owner's community graph.
//!
//! The graph has no natural geometry: it is a few hundred people and who introduced whom. A
//! force-directed layout (Fruchterman–Reingold) gives it one that reads without explanation:
//! people who were introduced to each other end up near each other, groups of friends form
//! visible clusters, and nobody hides behind anybody else. Quadratic time per iteration is no
//! concern at a café's scale, and the method needs nothing beyond plain arithmetic, so it runs
//! on the server and in the browser alike.
//!
//! Fruchterman–Reingold alone pushes whatever is not connected to the rest (a lone pair, a
//! regular nobody has introduced yet) ever further out; fitted into the picture, those few
//! would squeeze everyone else into the middle. A weak pull towards the centre keeps them at
//! the edge of the crowd instead. Once the forces have settled, the picture is scaled to the
//! page and a last pass moves apart any two regulars close enough to hide each other's names.
//!
//! The layout is deterministic: a page that reloads, or a server that restarts, must not
//! reshuffle the picture the owner has just learnt to read. So there is no random generator:
//! the starting positions follow a sunflower spiral, and the simulation uses only operations
//! that IEEE 754 rounds exactly (addition, multiplication, division, square root) — no `sin`
//! or `cos`, whose last bits differ between platforms' maths libraries — so the server and a
//! wasm32 build draw the same picture.

/// A point in the unit square, (0,0) top-left, (1,1) bottom-right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Room left free around the picture, so that circles and labels at the border are not cut.
const MARGIN: f64 = 0.05;

/// Enough steps for a few hundred nodes to settle; at O(n²) each, 300 nodes take a few tens of
/// milliseconds in a release build.
const MAX_ITERATIONS: usize = 300;

/// Larger graphs get fewer steps, so that the page showing them stays about as quick as for
/// 300 regulars; below this many the layout visibly fails to settle, so it is the floor.
const MIN_ITERATIONS: usize = 50;

/// The largest step a node may take at first, in the simulation's unit-area frame: a tenth of
/// its width, so early moves untangle the start without throwing nodes across the picture.
/// It cools linearly towards zero, so the last steps only polish.
const INITIAL_TEMPERATURE: f64 = 0.1;

/// The pull towards the centre at the end of the simulation, per unit of distance from it.
/// Chosen by eye on chains, trees, cliques and sparse and dense random graphs: stronger, and a
/// lone chain of introductions curls up on itself; weaker, and a handful of loners sit so far
/// out that, once the picture is fitted, everyone else shrinks to a blot in the middle.
const GRAVITY: f64 = 1.0;

/// Below this squared distance the repulsion is capped, so that two nodes that happen to come
/// very close get a strong but finite push rather than an infinite one.
const MIN_DISTANCE_SQUARED: f64 = 1e-12;

/// cos and sin of the golden angle π(3 − √5), written out so that the starting spiral does not
/// depend on the platform's trigonometry (see the module documentation).
const GOLDEN_COS: f64 = -0.737_368_878_078_319_7;
const GOLDEN_SIN: f64 = 0.675_490_294_261_523_8;

/// How often the final pass goes over all pairs at most; it usually settles after a few.
const SEPARATION_PASSES: usize = 100;

/// Lays out `nodes` nodes joined by `edges` (pairs of node indexes; duplicates, self-loops and
/// out-of-range indexes are ignored) inside the unit square with a margin: every returned point
/// has 0.05 <= x,y <= 0.95, so that the drawing can place circles and names on it without
/// clipping. The same input gives the same output on every run and platform, so the picture
/// does not change when the page reloads (see the module documentation). Returns one point per
/// node, in node order; 0 nodes give no points, 1 node sits in the centre (0.5, 0.5).
pub fn layout(nodes: usize, edges: &[(usize, usize)]) -> Vec<Point> {
    match nodes {
        0 => return Vec::new(),
        1 => return vec![Point { x: 0.5, y: 0.5 }],
        _ => {}
    }
    let edges = clean_edges(nodes, edges);
    let mut positions = sunflower(nodes);
    simulate(&mut positions, &edges);
    fit_into_margin(&mut positions);
    separate(&mut positions, minimum_separation(nodes));
    positions.into_iter().map(|[x, y]| Point { x, y }).collect()
}

/// Callers pass what the database holds; an introduction recorded twice, or one to a regular
/// who has since been left out of the picture, must neither pull twice nor panic. Sorting also
/// fixes the order in which forces add up, which floating point is sensitive to.
fn clean_edges(nodes: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut clean: Vec<(usize, usize)> = edges
        .iter()
        .filter(|&&(a, b)| a != b && a < nodes && b < nodes)
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    clean.sort_unstable();
    clean.dedup();
    clean
}

/// Evenly spread starting points with no two alike: a random start would make the picture
/// change on every reload, and a grid or circle would start the simulation in a symmetry it
/// struggles to break. The spiral fills a disc of unit diameter around the origin.
fn sunflower(nodes: usize) -> Vec<[f64; 2]> {
    let (mut cos, mut sin) = (1.0_f64, 0.0_f64);
    let mut positions = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let radius = 0.5 * ((i as f64 + 0.5) / nodes as f64).sqrt();
        positions.push([radius * cos, radius * sin]);
        (cos, sin) = (
            cos * GOLDEN_COS - sin * GOLDEN_SIN,
            cos * GOLDEN_SIN + sin * GOLDEN_COS,
        );
    }
    positions
}

/// Fruchterman–Reingold in a frame of unit area, with the ideal edge length k = √(1/n) so that
/// the picture's density does not depend on how many regulars there are. Unlike the original
/// the frame has no walls (nodes piling up against a wall look like a cluster that is not
/// there); gravity keeps the picture together and the fit afterwards scales it to the page.
///
/// Gravity grows from nothing to its full strength as the layout cools: early on the graph's
/// own forces unfold it (a chain straightens, branches spread), and only then is everything
/// drawn in. At full strength from the start it crumples chains into knots that the cooling
/// layout cannot undo.
fn simulate(positions: &mut [[f64; 2]], edges: &[(usize, usize)]) {
    let n = positions.len();
    let k = (1.0 / n as f64).sqrt();
    let k_squared = k * k;
    let iterations = iterations(n);
    let mut displacement = vec![[0.0_f64; 2]; n];
    for step in 0..iterations {
        let progress = step as f64 / iterations as f64;
        let temperature = INITIAL_TEMPERATURE * (1.0 - progress);
        let gravity = GRAVITY * progress;
        displacement.fill([0.0; 2]);

        // Repulsion k²/d between every pair, along the unit vector: (dx, dy)·k²/d², which
        // needs no square root. Each pair is visited once and pushes both of its ends; this
        // loop is where nearly all the time goes.
        for (i, &[xi, yi]) in positions.iter().enumerate() {
            let mut own = [0.0_f64; 2];
            for (j, &[xj, yj]) in positions.iter().enumerate().skip(i + 1) {
                let dx = xi - xj;
                let dy = yi - yj;
                let force = k_squared / (dx * dx + dy * dy).max(MIN_DISTANCE_SQUARED);
                own[0] += dx * force;
                own[1] += dy * force;
                displacement[j][0] -= dx * force;
                displacement[j][1] -= dy * force;
            }
            displacement[i][0] += own[0];
            displacement[i][1] += own[1];
        }

        // Attraction d²/k along each edge: (dx, dy)·d/k.
        for &(a, b) in edges {
            let dx = positions[a][0] - positions[b][0];
            let dy = positions[a][1] - positions[b][1];
            let force = (dx * dx + dy * dy).sqrt() / k;
            displacement[a][0] -= dx * force;
            displacement[a][1] -= dy * force;
            displacement[b][0] += dx * force;
            displacement[b][1] += dy * force;
        }

        // Gravity, then a step no longer than the temperature allows.
        for (position, &[fx, fy]) in positions.iter_mut().zip(&displacement) {
            let mut dx = fx - gravity * position[0];
            let mut dy = fy - gravity * position[1];
            let length = (dx * dx + dy * dy).sqrt();
            if length > temperature {
                let scale = temperature / length;
                dx *= scale;
                dy *= scale;
            }
            position[0] += dx;
            position[1] += dy;
        }
    }
}

/// As many steps as fit in the work of 300 steps for 300 nodes, within the bounds above.
fn iterations(nodes: usize) -> usize {
    let budget = MAX_ITERATIONS * 300 * 300;
    (budget / nodes.saturating_mul(nodes).max(1)).clamp(MIN_ITERATIONS, MAX_ITERATIONS)
}

/// The simulation's scale means nothing on the page: the picture should use the space it is
/// given, whatever the graph. One scale for both axes keeps the distances the forces found
/// comparable in every direction; centring puts the slack of the shorter side on both sides.
fn fit_into_margin(positions: &mut [[f64; 2]]) {
    let range = |axis: usize| {
        positions
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), p| {
                (low.min(p[axis]), high.max(p[axis]))
            })
    };
    let ((left, right), (top, bottom)) = (range(0), range(1));
    let extent = (right - left).max(bottom - top);
    let scale = if extent > 0.0 {
        (1.0 - 2.0 * MARGIN) / extent
    } else {
        0.0
    };
    let centre = [0.5 * (left + right), 0.5 * (top + bottom)];
    for position in positions.iter_mut() {
        for (coordinate, centre) in position.iter_mut().zip(centre) {
            *coordinate = clamp_to_margin(0.5 + (*coordinate - centre) * scale);
        }
    }
}

/// Rounding may land a hair outside the margin; callers rely on the bound exactly.
fn clamp_to_margin(value: f64) -> f64 {
    value.clamp(MARGIN, 1.0 - MARGIN)
}

/// Far enough apart that two circles with their names stay apart, yet small enough for `nodes`
/// points to fit in the box (about 0.4 of the spacing of an even grid there).
fn minimum_separation(nodes: usize) -> f64 {
    (0.4 * (1.0 - 2.0 * MARGIN) / (nodes as f64).sqrt()).min(0.03)
}

/// The forces keep nodes apart on average, but a dense cluster squeezed by the fit, or a
/// node caught between two hubs, can still land on another one and hide its label. Pairs
/// closer than `minimum` are pushed apart symmetrically, pass after pass until none is left
/// (or, in a crowd too dense for that, [`SEPARATION_PASSES`] times, as well as it goes).
fn separate(positions: &mut [[f64; 2]], minimum: f64) {
    // Push slightly beyond the minimum, so rounding does not leave a pair just short of it.
    let target = minimum * 1.001;
    let minimum_squared = minimum * minimum;
    for _ in 0..SEPARATION_PASSES {
        let mut moved = false;
        for i in 0..positions.len() {
            let (head, tail) = positions.split_at_mut(i + 1);
            let a = &mut head[i];
            for (offset, b) in tail.iter_mut().enumerate() {
                let dx = a[0] - b[0];
                let dy = a[1] - b[1];
                let distance_squared = dx * dx + dy * dy;
                if distance_squared >= minimum_squared {
                    continue;
                }
                let distance = distance_squared.sqrt();
                // Two nodes on the very same spot have no direction between them; take a
                // fixed one, chosen by index so that it stays deterministic.
                let (ux, uy) = if distance > 0.0 {
                    (dx / distance, dy / distance)
                } else if (i + offset) % 2 == 0 {
                    (1.0, 0.0)
                } else {
                    (0.0, 1.0)
                };
                let push = 0.5 * (target - distance);
                a[0] = clamp_to_margin(a[0] + ux * push);
                a[1] = clamp_to_margin(a[1] + uy * push);
                b[0] = clamp_to_margin(b[0] - ux * push);
                b[1] = clamp_to_margin(b[1] - uy * push);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    fn mean(values: &[f64]) -> f64 {
        values.iter().sum::<f64>() / values.len() as f64
    }

    /// `count` edges among `nodes` nodes from a fixed linear congruential formula: the same
    /// "random" graph on every run, without a random generator.
    fn pseudo_random_edges(nodes: usize, count: usize) -> Vec<(usize, usize)> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % nodes
        };
        (0..count).map(|_| (next(), next())).collect()
    }

    fn two_cliques() -> Vec<(usize, usize)> {
        let mut edges = Vec::new();
        for offset in [0, 8] {
            for a in 0..8 {
                for b in a + 1..8 {
                    edges.push((offset + a, offset + b));
                }
            }
        }
        edges.push((7, 8));
        edges
    }

    fn chain(nodes: usize) -> Vec<(usize, usize)> {
        (1..nodes).map(|i| (i - 1, i)).collect()
    }

    fn minimum_distance(points: &[Point]) -> f64 {
        let mut minimum = f64::INFINITY;
        for (i, &a) in points.iter().enumerate() {
            for &b in &points[i + 1..] {
                minimum = minimum.min(distance(a, b));
            }
        }
        minimum
    }

    #[test]
    fn no_nodes_give_no_points() {
        assert!(layout(0, &[]).is_empty());
        assert!(layout(0, &[(0, 1), (1, 1)]).is_empty());
    }

    #[test]
    fn a_single_node_sits_in_the_centre() {
        assert_eq!(layout(1, &[]), vec![Point { x: 0.5, y: 0.5 }]);
        assert_eq!(layout(1, &[(0, 0), (0, 3)]), vec![Point { x: 0.5, y: 0.5 }]);
    }

    #[test]
    fn one_point_per_node() {
        for nodes in [2, 3, 17, 120] {
            assert_eq!(layout(nodes, &chain(nodes)).len(), nodes);
            assert_eq!(layout(nodes, &[]).len(), nodes);
        }
    }

    #[test]
    fn the_same_input_gives_the_same_layout() {
        let edges = pseudo_random_edges(120, 240);
        assert_eq!(layout(120, &edges), layout(120, &edges));
        assert_eq!(layout(16, &two_cliques()), layout(16, &two_cliques()));
    }

    #[test]
    fn the_layout_is_pinned_across_platforms() {
        // Computed on x86_64 and checked identical in a wasm32 build. If this fails after a
        // deliberate change to the algorithm, update the numbers; if it fails on another
        // platform only, the layout is no longer deterministic there.
        let expected = [
            (0.8386562585558557, 0.36584823577284736),
            (0.5350834038161435, 0.18943014481853104),
            (0.8159720815463927, 0.05),
            (0.44279255827354086, 0.95),
            (0.16134374144414432, 0.7683553969428569),
        ];
        let expected: Vec<Point> = expected.iter().map(|&(x, y)| Point { x, y }).collect();
        assert_eq!(layout(5, &[(0, 1), (1, 2), (2, 0), (3, 4)]), expected);
    }

    #[test]
    fn the_spiral_constants_are_the_golden_angle() {
        let golden_angle = std::f64::consts::PI * (3.0 - 5.0_f64.sqrt());
        assert!((golden_angle.cos() - GOLDEN_COS).abs() < 1e-15);
        assert!((golden_angle.sin() - GOLDEN_SIN).abs() < 1e-15);
    }

    #[test]
    fn every_point_stays_inside_the_margin() {
        let graphs: Vec<(usize, Vec<(usize, usize)>)> = vec![
            (2, vec![]),
            (2, vec![(0, 1)]),
            (3, vec![(0, 1), (1, 2), (2, 0)]),
            (10, chain(10)),
            (16, two_cliques()),
            (40, vec![]),
            (60, (1..60).map(|i| (0, i)).collect()),
            (300, pseudo_random_edges(300, 600)),
        ];
        for (nodes, edges) in graphs {
            for point in layout(nodes, &edges) {
                assert!(
                    (0.05..=0.95).contains(&point.x) && (0.05..=0.95).contains(&point.y),
                    "{point:?} outside the margin for {nodes} nodes"
                );
            }
        }
    }

    #[test]
    fn the_picture_fills_the_box_and_is_centred() {
        for (nodes, edges) in [
            (10, chain(10)),
            (16, two_cliques()),
            (120, pseudo_random_edges(120, 200)),
        ] {
            let points = layout(nodes, &edges);
            let min_x = points.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
            let max_x = points.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
            let min_y = points.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
            let max_y = points.iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max);
            let (width, height) = (max_x - min_x, max_y - min_y);
            assert!(
                (width.max(height) - 0.9).abs() < 1e-9,
                "{width} x {height} for {nodes} nodes"
            );
            assert!(
                (min_x + max_x - 1.0).abs() < 1e-9,
                "not centred horizontally"
            );
            assert!((min_y + max_y - 1.0).abs() < 1e-9, "not centred vertically");
        }
    }

    #[test]
    fn clique_members_sit_closer_together_than_to_the_other_clique() {
        let points = layout(16, &two_cliques());
        let clique = |i: usize| i / 8;
        let (mut inside, mut across) = (Vec::new(), Vec::new());
        for a in 0..16 {
            for b in a + 1..16 {
                let d = distance(points[a], points[b]);
                if clique(a) == clique(b) {
                    inside.push(d);
                } else {
                    across.push(d);
                }
            }
        }
        let (inside, across) = (mean(&inside), mean(&across));
        assert!(
            inside * 2.0 < across,
            "mean distance inside a clique {inside}, across {across}"
        );
    }

    #[test]
    fn chain_neighbours_are_closer_than_the_chain_ends() {
        let points = layout(10, &chain(10));
        let ends = distance(points[0], points[9]);
        for i in 1..10 {
            let neighbours = distance(points[i - 1], points[i]);
            assert!(
                neighbours < 0.75 * ends,
                "nodes {} and {i} are {neighbours} apart, the ends {ends}",
                i - 1
            );
        }
    }

    #[test]
    fn connected_pairs_sit_closer_than_unconnected_ones_in_a_large_graph() {
        let edges = pseudo_random_edges(300, 600);
        let points = layout(300, &edges);
        let clean = clean_edges(300, &edges);
        let connected: Vec<f64> = clean
            .iter()
            .map(|&(a, b)| distance(points[a], points[b]))
            .collect();
        let mut all = Vec::new();
        for (i, &a) in points.iter().enumerate() {
            for &b in &points[i + 1..] {
                all.push(distance(a, b));
            }
        }
        let (connected, all) = (mean(&connected), mean(&all));
        assert!(
            connected * 2.0 < all,
            "mean edge length {connected}, mean distance {all}"
        );
    }

    #[test]
    fn no_two_of_300_nodes_sit_on_top_of_each_other() {
        let points = layout(300, &pseudo_random_edges(300, 600));
        let minimum = minimum_distance(&points);
        assert!(minimum >= 0.01, "two nodes only {minimum} apart");
    }

    #[test]
    fn nodes_without_edges_do_not_squeeze_the_crowd() {
        // A hundred connected regulars (a chain with pseudo-random shortcuts) and ten nobody
        // has introduced yet. Without gravity the ten drift far out and, once the picture is
        // fitted to the box, the hundred shrink to a blot in the middle.
        let mut edges = chain(100);
        edges.extend(pseudo_random_edges(100, 60));
        let points = layout(110, &edges);
        let crowd = &points[..100];
        let span = |coordinate: fn(&Point) -> f64| {
            let values = crowd.iter().map(coordinate);
            values.clone().fold(f64::NEG_INFINITY, f64::max) - values.fold(f64::INFINITY, f64::min)
        };
        let span = span(|p| p.x).max(span(|p| p.y));
        assert!(span > 0.5, "the connected crowd spans only {span} of 0.9");
    }

    #[test]
    fn separation_pulls_apart_points_on_the_same_spot() {
        let mut positions = vec![[0.5, 0.5], [0.5, 0.5], [0.05, 0.05], [0.05, 0.05]];
        separate(&mut positions, 0.02);
        let points: Vec<Point> = positions.into_iter().map(|[x, y]| Point { x, y }).collect();
        assert!(minimum_distance(&points) >= 0.02);
        for point in points {
            assert!((0.05..=0.95).contains(&point.x) && (0.05..=0.95).contains(&point.y));
        }
    }

    #[test]
    fn invalid_edges_are_ignored() {
        let valid = [(1, 2), (3, 4)];
        let messy = [
            (0, 0),
            (1, 2),
            (2, 1),
            (1, 2),
            (3, 4),
            (4, 9),
            (9, 4),
            (usize::MAX, 0),
            (4, 4),
        ];
        assert_eq!(layout(5, &messy), layout(5, &valid));
        assert_eq!(layout(3, &[(0, 3), (5, 5)]), layout(3, &[]));
    }
}
