//! The summary on plain values: its facts are the confirmation's, its PNG decodes at the page's
//! size with the AOI and the footprint drawn in their colours, and the PNG's text holds the facts.

use time::macros::datetime;

use super::*;
use crate::aoi::Aoi;
use crate::api::ids::{ContractId, ProductTypeId};
use crate::tasking::requests::{OrderParams, order_request};

fn ring(x: f64, y: f64, size: f64) -> Vec<LonLat> {
    [
        (0.0, 0.0),
        (size, 0.0),
        (size, size),
        (0.0, size),
        (0.0, 0.0),
    ]
    .iter()
    .map(|&(dx, dy)| LonLat {
        x: x + dx,
        y: y + dy,
    })
    .collect()
}

/// A confirmed-looking draft over Toulouse: 7 420.56 EUR, an attempt, a deadline.
pub(crate) fn draft() -> OrderDraft {
    let aoi = Aoi::new("Toulouse ring road", ring(1.40, 43.58, 0.12));
    let params = OrderParams {
        contract: ContractId("CTR-1".into()),
        product: ProductTypeId("PHR_ONEDAY_ARCHIVE".into()),
        segment_key: Some("key-7".into()),
        options: Vec::new(),
        properties: Vec::new(),
        acq_period: None,
        customer_reference: None,
        market: "NQUAL".into(),
        workspace: None,
    };
    let request = order_request(&aoi, &params).unwrap();
    OrderDraft {
        request,
        quotation: false,
        aoi_name: "Toulouse ring road".into(),
        product: "Pléiades OneDay (PHR_ONEDAY_ARCHIVE)".into(),
        contract: "CTR-1".into(),
        attempt: Some(("PHR1A".into(), datetime!(2027-03-02 10:41 UTC))),
        billed_km2: Some(132.5),
        amount: Some(7420.56),
        currency: "EUR".into(),
        customer_reference: "approval-42".into(),
        terms: vec![
            Term {
                name: "Attempt".into(),
                value: "PHR1A, 2027-03-02 10:41 UTC, incidence 12.5°".into(),
            },
            Term {
                name: "Order before".into(),
                value: "2027-03-01 08:00 UTC".into(),
            },
            Term {
                name: "Footprint".into(),
                value: "covers 100 % of the AOI".into(),
            },
            Term {
                name: "Cloud cover".into(),
                value: "at most 20 %".into(),
            },
            Term {
                name: "Incidence".into(),
                value: "at most 30°".into(),
            },
            Term {
                name: "Acquisition mode".into(),
                value: "mono".into(),
            },
            Term {
                name: "Image format".into(),
                value: "DIMAP - GeoTIFF (dimap_geotiff)".into(),
            },
            Term {
                name: "Billed area".into(),
                value: "132.5 km², the AOI's area".into(),
            },
        ],
        earlier: Vec::new(),
        buy_again: false,
        aoi_key: None,
        checking: None,
        earlier_note: None,
    }
}

fn summary() -> Summary {
    let footprint = ring(1.36, 43.55, 0.2);
    Summary::of_draft(
        &draft(),
        Some(&footprint),
        &Standing::AwaitingConfirmation,
        datetime!(2027-02-28 09:15:30 UTC),
    )
}

#[test]
fn the_facts_are_the_confirmations_amount_first() {
    let s = summary();
    let names: Vec<&str> = s.facts.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "AOI",
            "Product",
            "Contract",
            "Amount",
            "Attempt",
            "Order before",
            "Footprint",
            "Cloud cover",
            "Incidence",
            "Acquisition mode",
            "Image format",
            "Billed area",
            "Customer reference"
        ]
    );
    assert_eq!(s.title, "Order for approval");
    assert!(s.text().contains("Amount: 7 420.56 EUR"), "{}", s.text());
    assert!(s.text().contains("Order before: 2027-03-01 08:00 UTC"));
    assert_eq!(s.aoi.len(), 5);
    assert_eq!(
        s.file_name(),
        "order-for-approval-Toulouse-ring-road-20270228-091530.png"
    );
    let placed = Summary::of_draft(
        &draft(),
        None,
        &Standing::Placed("salesOrderId SO-1".into()),
        s.made_at,
    );
    assert_eq!(placed.title, "Order placed");
    assert_eq!(placed.standing, "Placed: salesOrderId SO-1");
    assert_eq!(placed.footprint, None);
}

fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>, Vec<(String, String)>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let text = reader.info();
    let mut chunks: Vec<(String, String)> = text
        .uncompressed_latin1_text
        .iter()
        .map(|c| (c.keyword.clone(), c.text.clone()))
        .collect();
    for chunk in &text.utf8_text {
        chunks.push((chunk.keyword.clone(), chunk.get_text().unwrap()));
    }
    (info, pixels, chunks)
}

#[test]
fn the_png_has_the_page_size_the_shapes_in_colour_and_the_facts_as_text() {
    let s = summary();
    let bytes = encode_png(&s).unwrap();
    let (info, pixels, chunks) = decode(&bytes);
    assert_eq!((info.width, info.height), (PAGE_WIDTH, PAGE_HEIGHT));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let count = |rgb: [u8; 3]| {
        pixels
            .chunks_exact(4)
            .filter(|p| p[..3] == rgb && p[3] == 255)
            .count()
    };
    // The outlines are drawn 4 pixels wide in the map's colours.
    assert!(count(render::AOI_RGB) > 2000, "{}", count(render::AOI_RGB));
    assert!(count(render::FOOTPRINT_RGB) > 2000);
    // Where on Earth: the locator's red mark (a disc of 7 pixels' radius).
    assert!(
        count(render::MARKER_RGB) > 100,
        "{}",
        count(render::MARKER_RGB)
    );
    // Text is written (dark pixels below the map, where the facts are).
    let dark_below_map = pixels
        .chunks_exact(4)
        .skip(1100 * PAGE_WIDTH as usize)
        .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
        .count();
    assert!(dark_below_map > 2000, "{dark_below_map}");
    // `SATTASK_SUMMARY_EXAMPLE=docs/summary-example.png cargo test --lib tasking::summary`
    // writes this page where the README shows it.
    if let Some(example) = std::env::var_os("SATTASK_SUMMARY_EXAMPLE") {
        let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(example);
        write_png(&example, &s).unwrap();
    }
    assert!(
        chunks.contains(&(FACTS_KEYWORD.to_owned(), s.text())),
        "{chunks:?}"
    );
    assert!(chunks.contains(&("Title".to_owned(), "Order for approval".to_owned())));
}

#[test]
fn a_name_beyond_latin1_goes_in_utf8_text_and_a_bad_folder_is_named() {
    let mut d = draft();
    d.aoi_name = "東京 harbour".into();
    let s = Summary::of_draft(&d, None, &Standing::AwaitingConfirmation, summary().made_at);
    let (_, _, chunks) = decode(&encode_png(&s).unwrap());
    assert!(chunks.contains(&(FACTS_KEYWORD.to_owned(), s.text())));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.png");
    write_png(&path, &s).unwrap();
    let (info, _, _) = decode(&std::fs::read(&path).unwrap());
    assert_eq!(info.width, PAGE_WIDTH);
    let nowhere = dir.path().join("no such folder").join("summary.png");
    let error = write_png(&nowhere, &s).unwrap_err().to_string();
    assert!(
        error.contains("no such folder") && error.contains("choose a folder"),
        "{error}"
    );
}
