//! A map tile shown once stays in the disk cache and is drawn again when the network is gone:
//! the app's tile layer (`WatchedTiles`, as the map makes it, with a disk cache folder) fetches
//! a tile from a local tile server; the server is stopped; a new layer on the same cache folder
//! (the next run of the app) still draws the tile, and the server never saw a second request.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sattask::ui::tiles::{BaseLayer, WatchedTiles};
use walkers::sources::{Attribution, TileSource};
use walkers::{TileId, Tiles};

/// A tile server on this machine.
struct LocalTiles(String);

impl TileSource for LocalTiles {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "{}/{}/{}/{}.png",
            self.0, tile_id.zoom, tile_id.x, tile_id.y
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "test tiles",
            url: "http://127.0.0.1",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// A 256×256 PNG, one colour.
fn png_tile() -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(256, 256, image::Rgba([40, 120, 200, 255]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Asks for the tile, frame after frame, until it is there or 20 s have passed.
fn drawn(tiles: &mut WatchedTiles, ctx: &egui::Context, tile: TileId) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        // A frame, as the app runs them (no renderer here: the textures are let go).
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        if tiles.at(tile).is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_tile_shown_once_is_drawn_again_from_the_disk_cache_without_the_network() {
    let cache = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let body = png_tile();
    let app = axum::Router::new().route(
        "/{z}/{x}/{file}",
        axum::routing::get(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            async move {
                (
                    [
                        ("content-type", "image/png"),
                        // As tile servers answer: cacheable for a while.
                        ("cache-control", "public, max-age=604800"),
                    ],
                    body,
                )
            }
        }),
    );
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = runtime.spawn(async move { axum::serve(listener, app).await });
    let tile = TileId {
        x: 1034,
        y: 748,
        zoom: 11,
    };

    let ctx = egui::Context::default();
    let mut online = WatchedTiles::with_source(
        BaseLayer::OpenStreetMap,
        LocalTiles(base.clone()),
        Some(cache.path().to_owned()),
        &ctx,
    );
    assert!(drawn(&mut online, &ctx, tile), "the tile never came");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    drop(online);

    // The network is gone: nothing answers at the server's address any more.
    server.abort();
    let _ = runtime.block_on(server);
    assert!(
        std::net::TcpStream::connect(base.trim_start_matches("http://")).is_err(),
        "the server still answers"
    );

    // The next run: a new layer on the same cache folder draws the tile all the same.
    let ctx = egui::Context::default();
    let mut offline = WatchedTiles::with_source(
        BaseLayer::OpenStreetMap,
        LocalTiles(base),
        Some(cache.path().to_owned()),
        &ctx,
    );
    assert!(
        drawn(&mut offline, &ctx, tile),
        "the cached tile was not drawn offline"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "no second request was made");
    assert!(!offline.failing());
}
