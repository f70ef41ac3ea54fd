//! The convex hull of a ring and its narrowest width (rotating calipers).
//!
//! Any ring's hull comes from Andrew's monotone chain, which sorts the points. A ring already
//! known to be simple (validation measures only those) takes Melkman's algorithm instead, which
//! reads the vertices once in ring order: O(n), no sort.

use geo_types::Coord;

fn cross(o: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// The convex hull of any points (Andrew's monotone chain), counter-clockwise, without
/// repeating the first point.
pub fn hull_of_points(points: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut sorted: Vec<Coord<f64>> = points.to_vec();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    sorted.dedup();
    if sorted.len() < 3 {
        return sorted;
    }
    let mut hull: Vec<Coord<f64>> = Vec::with_capacity(sorted.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Coord<f64>>> = if pass == 0 {
            Box::new(sorted.iter())
        } else {
            Box::new(sorted.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// The convex hull of a simple polygon's vertices (Melkman), counter-clockwise, without
/// repeating the first point. On a ring that is not simple the answer can be wrong.
pub fn hull_of_simple_polygon(ring: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let n = ring.len();
    // Start where three consecutive vertices turn, so the first triangle has an orientation.
    let Some(start) = (0..n).find(|&i| cross(ring[i], ring[(i + 1) % n], ring[(i + 2) % n]) != 0.0)
    else {
        return hull_of_points(ring);
    };
    let at = |k: usize| ring[(start + k) % n];
    // The deque lives in a buffer with room to grow both ways: bottom..=top.
    let mut deque = vec![Coord { x: 0.0, y: 0.0 }; 2 * n + 3];
    let (mut bottom, mut top) = (n, n + 3);
    let (v0, v1, v2) = (at(0), at(1), at(2));
    deque[n] = v2;
    if cross(v0, v1, v2) > 0.0 {
        deque[n + 1] = v0;
        deque[n + 2] = v1;
    } else {
        deque[n + 1] = v1;
        deque[n + 2] = v0;
    }
    deque[n + 3] = v2;
    for k in 3..n {
        let p = at(k);
        // Inside the hull so far (left of both edges at the deque's ends): nothing changes.
        if cross(deque[top - 1], deque[top], p) > 0.0
            && cross(deque[bottom], deque[bottom + 1], p) > 0.0
        {
            continue;
        }
        while top > bottom + 1 && cross(deque[top - 1], deque[top], p) <= 0.0 {
            top -= 1;
        }
        top += 1;
        deque[top] = p;
        while top > bottom + 1 && cross(p, deque[bottom], deque[bottom + 1]) <= 0.0 {
            bottom += 1;
        }
        bottom -= 1;
        deque[bottom] = p;
    }
    // bottom and top hold the same point.
    deque[bottom..top].to_vec()
}

/// The minimum width of a convex polygon (counter-clockwise), by rotating calipers: O(h), one
/// square root in all.
pub fn min_width(hull: &[Coord<f64>]) -> f64 {
    let h = hull.len();
    if h < 3 {
        return 0.0;
    }
    let next = |i: usize| if i + 1 == h { 0 } else { i + 1 };
    // The best width so far as (height, squared edge length): width = height / √length².
    let (mut best_height, mut best_length2) = (f64::INFINITY, 1.0);
    let mut far = 1;
    for i in 0..h {
        let (a, b) = (hull[i], hull[next(i)]);
        let height = |p: Coord<f64>| cross(a, b, p);
        // The farthest point from edge i only moves forward as i does.
        let mut steps = 0;
        while steps < h && height(hull[next(far)]) > height(hull[far]) {
            far = next(far);
            steps += 1;
        }
        let (edge_height, length2) = (height(hull[far]), (b.x - a.x).powi(2) + (b.y - a.y).powi(2));
        if edge_height * edge_height * best_length2 < best_height * best_height * length2 {
            (best_height, best_length2) = (edge_height, length2);
        }
    }
    if best_height.is_finite() {
        best_height / best_length2.sqrt()
    } else {
        0.0
    }
}
