//! One frame of the app on the CPU: `Context::run_ui` + `tessellate`, no GPU, with a 999-vertex
//! AOI selected for editing (handles drawn) and 1,000 acquisition footprints over it, in three
//! scenarios: a still map, a vertex being dragged (the AOI re-validated, re-triangulated and
//! re-tessellated every frame), the map panning at 12 points a frame (the layers shifted) and
//! zooming (every layer built again every frame). Target (DESIGN.md):
//! ≤ 2 ms p95. Criterion gives the median; a second loop prints p50/p95/p99.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, Event, Modifiers, PointerButton, Vec2};
use sattask::aoi::{Aoi, LonLat};
use sattask::app::SattaskApp;
use sattask::state::{AppState, Footprint};

#[path = "common/frame.rs"]
mod frame;
use frame::frame;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn app() -> SattaskApp {
    let mut state = AppState::with_aois(vec![frame::jagged_aoi()]);
    state.footprints.set(
        (0..1000)
            .map(|i| {
                let dx = (i % 40) as f64 * 0.01 - 0.2;
                let dy = (i / 40) as f64 * 0.01 - 0.12;
                let c = |x: f64, y: f64| LonLat {
                    x: 1.45 + dx + x,
                    y: 43.65 + dy + y,
                };
                Footprint {
                    ring: vec![
                        c(-0.15, -0.12),
                        c(0.15, -0.13),
                        c(0.16, 0.12),
                        c(-0.14, 0.13),
                        c(-0.15, -0.12),
                    ],
                    label: format!("PHR1A #{i}"),
                    selected: i == 500,
                    incidence_deg: Some((i % 30) as f64),
                    kind: sattask::state::FootprintKind::Attempt,
                    hovered: false,
                    compared: false,
                }
            })
            .collect(),
    );
    SattaskApp::new(state, None)
}

/// A fresh app with its first frames drawn (the map fitted to the AOI, caches warm).
fn ready() -> (Context, SattaskApp) {
    // Parse the detailed basemap now rather than on its thread in the middle of the runs.
    sattask::ui::basemap::detailed();
    let ctx = Context::default();
    let mut app = app();
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    (ctx, app)
}

/// What each frame of a scenario sends: nothing (a still map: hover, a tile arriving), the
/// pointer dragging a vertex handle of the 999-vertex AOI, or the map panned by a few points.
#[derive(Clone, Copy)]
enum Scenario {
    Still,
    DraggingAVertex,
    Panning,
    Zooming,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Still => "still",
            Scenario::DraggingAVertex => "dragging_a_vertex",
            Scenario::Panning => "panning",
            Scenario::Zooming => "zooming",
        }
    }

    /// Sets the scene up and returns what frame `k` sends.
    fn start(self, ctx: &Context, app: &mut SattaskApp) -> Box<dyn FnMut(u64) -> Vec<Event>> {
        match self {
            Scenario::Still => Box::new(|_| Vec::new()),
            Scenario::DraggingAVertex => {
                let vertex = app.state.aois[0].aoi().ring[0];
                let at = app.map.screen_pos(vertex);
                frame(
                    ctx,
                    app,
                    vec![
                        Event::PointerMoved(at),
                        Event::PointerButton {
                            pos: at,
                            button: PointerButton::Primary,
                            pressed: true,
                            modifiers: Modifiers::NONE,
                        },
                    ],
                );
                Box::new(move |k| {
                    let step = (k % 40) as f32 - 20.0;
                    vec![Event::PointerMoved(at + Vec2::new(step, step * 0.5))]
                })
            }
            // The map moves in `bench_frame`, between frames.
            Scenario::Panning | Scenario::Zooming => Box::new(|_| Vec::new()),
        }
    }
}

/// What the place names add once: parsing the shipped list, and the first frame of a fresh app
/// (fonts, basemap, places in view), printed before the frame benchmarks.
fn first_frame() {
    let started = Instant::now();
    let count = sattask::ui::places::places().len();
    println!(
        "places: {count} parsed in {:.1} ms (once, on the first frame at zoom >= 3)",
        started.elapsed().as_secs_f64() * 1e3
    );
    let ctx = Context::default();
    let mut app = app();
    let started = Instant::now();
    frame(&ctx, &mut app, Vec::new());
    println!(
        "first frame of a fresh app: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
}

fn bench_frame(c: &mut Criterion) {
    first_frame();
    for scenario in [
        Scenario::Still,
        Scenario::DraggingAVertex,
        Scenario::Panning,
        Scenario::Zooming,
    ] {
        let (ctx, mut app) = ready();
        let mut events = scenario.start(&ctx, &mut app);
        let start = app.map.memory.detached();
        let zoom = app.map.memory.zoom();
        let mut k = 0u64;
        let mut one = |app: &mut SattaskApp| {
            k += 1;
            if let Some(start) = start {
                match scenario {
                    Scenario::Panning => {
                        // 12 points a frame, east then west over 480 points: the layers are
                        // shifted, not built again.
                        let degrees_per_point = 360.0 / (256.0 * 2f64.powf(app.map.memory.zoom()));
                        let step = (k % 40) as f64;
                        let points = 12.0 * if step < 20.0 { step } else { 40.0 - step } - 120.0;
                        app.map.memory.center_at(walkers::lon_lat(
                            start.x() + points * degrees_per_point,
                            start.y(),
                        ));
                    }
                    Scenario::Zooming => {
                        // A zoom gesture: every layer is built again every frame.
                        let _ = app
                            .map
                            .memory
                            .set_zoom(zoom + ((k % 20) as f64 - 10.0) * 0.01);
                    }
                    Scenario::Still | Scenario::DraggingAVertex => {}
                }
            }
            frame(&ctx, app, events(k))
        };
        c.bench_function(
            &format!(
                "map_frame/{}/999_vertex_aoi_1000_footprints",
                scenario.name()
            ),
            |b| b.iter(|| one(&mut app)),
        );
        let times: Vec<f64> = (0..500)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(one(&mut app));
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        frame::percentiles(&format!("map_frame/{}", scenario.name()), times);
    }
}

/// 5,000 AOIs (the most one file opens, `MAX_OPENED`): 2,500 fields on a 50 × 50 grid over
/// western Europe and 2,500 spread over the world, each a hexagon about 10 km across with its
/// name ("field 0042").
fn many_aois() -> Vec<Aoi> {
    assert_eq!(sattask::state::command::MAX_OPENED, 5_000);
    let hexagon = |name: String, x: f64, y: f64| {
        let mut ring: Vec<LonLat> = (0..6)
            .map(|k| {
                let t = k as f64 / 6.0 * std::f64::consts::TAU;
                LonLat {
                    x: x + 0.07 * t.cos(),
                    y: y + 0.05 * t.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        Aoi::new(name, ring)
    };
    let europe = (0..2500).map(|i| {
        let (col, row) = ((i % 50) as f64, (i / 50) as f64);
        (-5.0 + col * 0.6, 40.0 + row * 0.3)
    });
    let world = (0..2500).map(|i| {
        let (col, row) = ((i % 100) as f64, (i / 100) as f64);
        (-170.0 + col * 3.4, -50.0 + row * 4.6)
    });
    europe
        .chain(world)
        .enumerate()
        .map(|(i, (x, y))| hexagon(format!("field {i:04}"), x, y))
        .collect()
}

/// Where the 5,000-AOI map is looked at: (name, centre lon, lat, zoom).
const MANY_VIEWS: [(&str, f64, f64, f64); 3] = [
    // Every AOI on screen, no place names (below zoom 3).
    ("whole_world", 0.0, 20.0, 2.2),
    // About 600 AOIs and their names, and place names among them.
    ("europe_zoom_5", 8.0, 46.0, 5.0),
    // A dozen AOIs; fewer than 400 places in view (the place names' worst case before the index).
    ("city_zoom_9", 1.45, 43.65, 9.0),
];

fn bench_many_aois(c: &mut Criterion) {
    sattask::ui::basemap::detailed();
    let ctx = Context::default();
    let mut app = SattaskApp::new(AppState::with_aois(many_aois()), None);
    assert_eq!(app.state.aois.len(), 5_000);
    // The first frame fits the map to the AOIs; each view is set after it.
    frame(&ctx, &mut app, Vec::new());
    for (name, lon, lat, zoom) in MANY_VIEWS {
        app.map.memory.center_at(walkers::lon_lat(lon, lat));
        let _ = app.map.memory.set_zoom(zoom);
        for _ in 0..5 {
            frame(&ctx, &mut app, Vec::new());
        }
        let still = |app: &mut SattaskApp| frame(&ctx, app, Vec::new());
        c.bench_function(&format!("map_frame/5000_aois/{name}/still"), |b| {
            b.iter(|| still(&mut app))
        });
        let times: Vec<f64> = (0..500)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(still(&mut app));
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        frame::percentiles(&format!("map_frame/5000_aois/{name}/still"), times);
        // Panning at 12 points a frame, as `bench_frame` does.
        let mut k = 0u64;
        let mut panning = |app: &mut SattaskApp| {
            k += 1;
            let degrees_per_point = 360.0 / (256.0 * 2f64.powf(app.map.memory.zoom()));
            let step = (k % 40) as f64;
            let points = 12.0 * if step < 20.0 { step } else { 40.0 - step } - 120.0;
            app.map
                .memory
                .center_at(walkers::lon_lat(lon + points * degrees_per_point, lat));
            frame(&ctx, app, Vec::new())
        };
        let times: Vec<f64> = (0..500)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(panning(&mut app));
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        frame::percentiles(&format!("map_frame/5000_aois/{name}/panning"), times);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(5));
    targets = bench_frame, bench_many_aois
}
criterion_main!(benches);
