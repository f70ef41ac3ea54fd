//! The tile layers: OpenStreetMap and Esri World Imagery over HTTP (walkers, with a disk cache
//! and our own user agent), watched so the map can say when none load and ask again (walkers
//! never retries a tile that failed once). The offline basemap is drawn under them.

use walkers::sources::{Attribution, OpenStreetMap, TileSource};
use walkers::{HttpOptions, HttpTiles, TileId};

/// The background layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum BaseLayer {
    /// Drawn by the app from Natural Earth: always available.
    #[default]
    Offline,
    /// OpenStreetMap tiles (network).
    OpenStreetMap,
    /// Esri World Imagery tiles (network).
    Satellite,
}

impl BaseLayer {
    /// Every layer, in menu order.
    pub const ALL: [BaseLayer; 3] = [
        BaseLayer::Offline,
        BaseLayer::OpenStreetMap,
        BaseLayer::Satellite,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            BaseLayer::Offline => "Offline basemap",
            BaseLayer::OpenStreetMap => "OpenStreetMap",
            BaseLayer::Satellite => "Satellite (Esri)",
        }
    }
}

/// Esri World Imagery.
pub struct EsriWorldImagery;

impl TileSource for EsriWorldImagery {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{}/{}/{}",
            tile_id.zoom, tile_id.y, tile_id.x
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Esri, Maxar, Earthstar Geographics",
            url: "https://www.esri.com",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// Tiles that count what they serve, so the map can tell a person when none load (offline,
/// blocked) and retry: walkers does not ask again for a tile that failed once.
pub struct WatchedTiles {
    /// The layer these tiles draw.
    pub layer: BaseLayer,
    inner: HttpTiles,
    /// When the source was made (a failed tile is asked for again by making a new one).
    pub created: std::time::Instant,
    asked: u64,
    served: u64,
    /// Whether a tile ever came.
    pub ever_served: bool,
}

impl walkers::Tiles for WatchedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
        self.asked += 1;
        let piece = self.inner.at(tile_id);
        if piece.is_some() {
            self.served += 1;
            self.ever_served = true;
        }
        piece
    }

    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

impl WatchedTiles {
    /// Tiles for a network layer, cached on disk in the user cache folder: a tile shown once is
    /// drawn again from there when the network is gone.
    pub fn new(layer: BaseLayer, ctx: &egui::Context) -> Self {
        let cache = crate::store::paths::tile_cache_dir();
        match layer {
            BaseLayer::Satellite => Self::with_source(layer, EsriWorldImagery, cache, ctx),
            _ => Self::with_source(layer, OpenStreetMap, cache, ctx),
        }
    }

    /// Tiles of `source` for `layer`, cached on disk in `cache` (none: memory only).
    pub fn with_source(
        layer: BaseLayer,
        source: impl TileSource + Send + Sync + 'static,
        cache: Option<std::path::PathBuf>,
        ctx: &egui::Context,
    ) -> Self {
        let options = HttpOptions {
            cache,
            user_agent: walkers::HeaderValue::from_str(concat!(
                "sattask/",
                env!("CARGO_PKG_VERSION")
            ))
            .ok(),
            ..HttpOptions::default()
        };
        WatchedTiles {
            layer,
            inner: HttpTiles::with_options(source, options, ctx.clone()),
            created: std::time::Instant::now(),
            asked: 0,
            served: 0,
            ever_served: false,
        }
    }

    /// True when tiles were asked for, none is loading and none came: the network or the
    /// server is out of reach.
    pub fn failing(&self) -> bool {
        self.asked > 0
            && self.served == 0
            && walkers::Tiles::stats(&self.inner).in_progress == 0
            && self.created.elapsed() > std::time::Duration::from_secs(2)
    }
}

/// How often tiles that failed are asked for again.
pub const TILE_RETRY: std::time::Duration = std::time::Duration::from_secs(30);

impl WatchedTiles {
    /// Starts counting a new frame's requests.
    pub fn new_frame(&mut self) {
        self.asked = 0;
        self.served = 0;
    }
}

impl BaseLayer {
    /// Who to credit for what is drawn, each with its link: the offline basemap credits Natural
    /// Earth (land, borders) and GeoNames (place names, CC BY 4.0).
    pub fn credits(self) -> &'static [(&'static str, &'static str)] {
        match self {
            BaseLayer::Offline => &[
                ("Basemap: Natural Earth", "https://www.naturalearthdata.com"),
                ("places: GeoNames (CC BY 4.0)", "https://www.geonames.org"),
            ],
            BaseLayer::OpenStreetMap => &[(
                "© OpenStreetMap contributors",
                "https://www.openstreetmap.org/copyright",
            )],
            BaseLayer::Satellite => &[(
                "© Esri, Maxar, Earthstar Geographics",
                "https://www.esri.com",
            )],
        }
    }
}
