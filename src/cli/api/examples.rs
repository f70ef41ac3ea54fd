//! The examples at the end of every `sattask api COMMAND --help`. Each line runs as written, in
//! order, against a fresh `sattask sandbox` (its contracts `CTR24000001` and `CTR24000002`, its
//! seeded UP42 quotations, the ids its first order gets); `tests/it/cli_help_examples.rs` runs them.
//! The AOI is written inline (WKT), so no file is needed; the window starts in March 2027.

/// The AOI of the examples: 8 km by 11 km over Toulouse, inline WKT (quoted for the shell).
macro_rules! aoi {
    () => {
        "'POLYGON((1.4 43.6, 1.5 43.6, 1.5 43.7, 1.4 43.7, 1.4 43.6))'"
    };
}

/// The attempts of a Pléiades OneDay, saved for the commands that take `--attempts`.
macro_rules! legacy_attempts {
    () => {
        concat!(
            "  sattask api attempts --aoi ",
            aoi!(),
            " --contract CTR24000001 --mission PLEIADES --offer ONEDAY --start 2027-03-01 > attempts.json\n"
        )
    };
}

/// A Pléiades OneDay order on its first attempt: the sandbox's first tasking, ICR_FC_000001.
macro_rules! legacy_order {
    () => {
        concat!(
            legacy_attempts!(),
            "  sattask api order --aoi ",
            aoi!(),
            " --contract CTR24000001 --product PleiadesTaskingOneDay --attempts attempts.json --default-options --customer-ref my-first-order --yes\n"
        )
    };
}

/// A Pléiades Neo OneDay order on its first attempt: the sandbox's first order item,
/// WOI_000000001_1.
macro_rules! neo_order {
    () => {
        concat!(
            "  sattask api attempts --aoi ",
            aoi!(),
            " --contract CTR24000002 --mission PLEIADESNEO --offer ONEDAY --start 2027-03-01 > neo-attempts.json\n",
            "  sattask api order --aoi ",
            aoi!(),
            " --contract CTR24000002 --product PleiadesNeoOneDay --attempts neo-attempts.json --default-options --customer-ref my-neo-order --yes\n"
        )
    };
}

/// `contracts`.
pub const CONTRACTS: &str = "Example:\n  sattask api contracts\n";

/// `product-types`.
pub const PRODUCT_TYPES: &str = "Example:\n  sattask api product-types --contract CTR24000001\n";

/// `options`.
pub const OPTIONS: &str = concat!(
    "Example:\n  sattask api options --contract CTR24000001 --product PleiadesTaskingOneDay --aoi ",
    aoi!(),
    "\n"
);

/// `feasibility` (Pléiades and SPOT: ONEPLAN only; Pléiades Neo: every offer).
pub const FEASIBILITY: &str = concat!(
    "Examples (Pléiades and SPOT answer for ONEPLAN; Pléiades Neo for ONEPLAN, ONEDAY, ONENOWATTEMPTS, ONENOWWEATHER):\n",
    "  sattask api feasibility --aoi ",
    aoi!(),
    " --contract CTR24000001 --mission PLEIADES --offer ONEPLAN --start 2027-03-01 --end 2027-05-01 --max-cloud 10 --max-incidence 30\n",
    "  sattask api feasibility --aoi ",
    aoi!(),
    " --contract CTR24000002 --mission PLEIADESNEO --offer ONEDAY --start 2027-03-01 --end 2027-03-08\n"
);

/// `attempts`.
pub const ATTEMPTS: &str = concat!(
    "Examples (save the answer: price and order take --attempts FILE; --export writes the footprints):\n",
    legacy_attempts!(),
    "  sattask api attempts --aoi ",
    aoi!(),
    " --contract CTR24000001 --mission SPOT --offer ONEDAY --start 2027-03-01 --export attempts.kml > spot-attempts.json\n"
);

/// `compare`.
pub const COMPARE: &str = concat!(
    "Examples (without --json, a table; --export writes each row's first attempt):\n",
    "  sattask api compare --aoi ",
    aoi!(),
    " --contract CTR24000001 --start 2027-03-01 --sort price --json\n",
    "  sattask api compare --aoi ",
    aoi!(),
    " --contract CTR24000002 --start 2027-03-01 --export first-attempts.geojson --json\n"
);

/// `price`.
pub const PRICE: &str = concat!(
    "Examples (OneDay on a saved attempt; OnePlan, whose feasibility the service is asked):\n",
    legacy_attempts!(),
    "  sattask api price --aoi ",
    aoi!(),
    " --contract CTR24000001 --product PleiadesTaskingOneDay --attempts attempts.json --option processing_level=ortho --option spectral_processing=pansharpened_natural_color --default-options\n",
    "  sattask api price --aoi ",
    aoi!(),
    " --contract CTR24000001 --product PleiadesTaskingOnePlan --start 2027-03-01 --end 2027-05-01 --property maxCloudCover=10 --default-options\n"
);

/// `order`.
pub const ORDER: &str = concat!("Example:\n", legacy_order!());

/// `quotation-request`.
pub const QUOTATION_REQUEST: &str = concat!(
    "Example (a Pléiades Neo OnePlan):\n",
    "  sattask api quotation-request --aoi ",
    aoi!(),
    " --contract CTR24000002 --product PleiadesNeoOnePlan --start 2027-03-01 --end 2027-05-01 --default-options --customer-ref my-quote --yes\n"
);

/// `taskings`.
pub const TASKINGS: &str = concat!(
    "Example (after an order):\n",
    legacy_order!(),
    "  sattask api taskings --contract CTR24000001 --customer-ref my-first-order\n"
);

/// `segments`.
pub const SEGMENTS: &str = concat!(
    "Example (after an order, whose tasking id `sattask api taskings` shows):\n",
    legacy_order!(),
    "  sattask api segments --contract CTR24000001 ICR_FC_000001\n"
);

/// `accept-segment` and `refuse-segment` share the proposed acquisition of a OnePlan tasking
/// once the sandbox's clock has passed it.
macro_rules! proposed_segment {
    () => {
        concat!(
            "  sattask api order --aoi ",
            aoi!(),
            " --contract CTR24000001 --product PleiadesTaskingOnePlan --start 2027-03-01 --end 2027-05-01 --property maxCloudCover=10 --property notificationThreshold=100 --default-options --customer-ref my-plan --yes\n",
            "  sattask sandbox advance --to 2027-04-01\n",
            "  sattask api segments --contract CTR24000001 ICR_FC_000001\n"
        )
    };
}

/// `accept-segment`.
pub const ACCEPT_SEGMENT: &str = concat!(
    "Example (a OnePlan tasking; the sandbox's clock moved on until it proposed an acquisition):\n",
    proposed_segment!(),
    "  sattask api accept-segment --contract CTR24000001 ICR_FC_000001 AS_FC_000001_1_1 --yes\n"
);

/// `refuse-segment`.
pub const REFUSE_SEGMENT: &str = concat!(
    "Example (a OnePlan tasking; the sandbox's clock moved on until it proposed an acquisition):\n",
    proposed_segment!(),
    "  sattask api refuse-segment --contract CTR24000001 ICR_FC_000001 AS_FC_000001_1_1 --yes\n"
);

/// `cancel`.
pub const CANCEL: &str = concat!(
    "Example (more than 12 h before the window):\n",
    legacy_order!(),
    "  sattask api cancel --contract CTR24000001 ICR_FC_000001 --yes\n"
);

/// `stop`.
pub const STOP: &str = concat!(
    "Example (a OneNow tasking, once it can no longer be cancelled: 12 h before its window):\n",
    "  sattask api attempts --aoi ",
    aoi!(),
    " --contract CTR24000001 --mission PLEIADES --offer ONENOW --start 2027-03-01 > now-attempts.json\n",
    "  sattask api order --aoi ",
    aoi!(),
    " --contract CTR24000001 --product PleiadesTaskingOneNow --attempts now-attempts.json --default-options --customer-ref my-onenow --yes\n",
    "  sattask sandbox advance --to 2027-03-01\n",
    "  sattask api stop --contract CTR24000001 ICR_FC_000001 --yes\n"
);

/// `neo-orders`.
pub const NEO_ORDERS: &str = concat!(
    "Example (after a Pléiades Neo order):\n",
    neo_order!(),
    "  sattask api neo-orders --contract CTR24000002 --customer-ref my-neo-order\n"
);

/// `coverages`.
pub const COVERAGES: &str = concat!(
    "Example (after a Pléiades Neo order, whose orderItemId `sattask api neo-orders` shows):\n",
    neo_order!(),
    "  sattask api coverages --contract CTR24000002 WOI_000000001_1\n"
);

/// `accept-coverage` and `refuse-coverage` share the proposed acquisition of a Pléiades Neo
/// OneNow order once the sandbox's clock has passed it. The same order is placed twice (the
/// second one's acquisition is proposed rather than validated): the second time on purpose,
/// `--again`, since another reference does not make another order.
macro_rules! proposed_coverage {
    () => {
        concat!(
            "  sattask api attempts --aoi ",
            aoi!(),
            " --contract CTR24000002 --mission PLEIADESNEO --offer ONENOWATTEMPTS --start 2027-03-01 > neo-now.json\n",
            "  sattask api order --aoi ",
            aoi!(),
            " --contract CTR24000002 --product PleiadesNeoOneNowAttempts --attempts neo-now.json --default-options --property notificationThreshold=100 --customer-ref my-neo-first --yes\n",
            "  sattask api order --aoi ",
            aoi!(),
            " --contract CTR24000002 --product PleiadesNeoOneNowAttempts --attempts neo-now.json --default-options --property notificationThreshold=100 --customer-ref my-neo-now --yes --again\n",
            "  sattask sandbox advance --to 2027-04-01\n",
            "  sattask api coverages --contract CTR24000002 WOI_000000002_1 --status PROPOSED\n"
        )
    };
}

/// `accept-coverage`.
pub const ACCEPT_COVERAGE: &str = concat!(
    "Example (two OneNow orders with notificationThreshold=100, so that a cloudy acquisition is proposed rather than dropped; in a fresh sandbox the second order's first acquisition is cloudy; the sandbox clock moved on past it):\n",
    proposed_coverage!(),
    "  sattask api accept-coverage --contract CTR24000002 CIE_000000002_1_1_1 --yes\n"
);

/// `refuse-coverage`.
pub const REFUSE_COVERAGE: &str = concat!(
    "Example (two OneNow orders with notificationThreshold=100, so that a cloudy acquisition is proposed rather than dropped; in a fresh sandbox the second order's first acquisition is cloudy; the sandbox clock moved on past it):\n",
    proposed_coverage!(),
    "  sattask api refuse-coverage --contract CTR24000002 CIE_000000002_1_1_1 --yes\n"
);

/// `quotations`.
pub const QUOTATIONS: &str =
    "Example:\n  sattask api quotations --decision NOT_DECIDED --size 10\n";

/// `accept-quotation`: a quotation the fresh sandbox holds undecided.
pub const ACCEPT_QUOTATION: &str = "Examples (UP42, one of the sandbox's undecided quotations; Pléiades Neo: add --contract):\n  sattask api quotations --decision NOT_DECIDED\n  sattask api accept-quotation ec8a4248-ccb6-41e8-a8d4-89860ea059a2 --yes\n";

/// `reject-quotation`.
pub const REJECT_QUOTATION: &str = "Examples (UP42, one of the sandbox's undecided quotations; Pléiades Neo: add --contract):\n  sattask api quotations --decision NOT_DECIDED\n  sattask api reject-quotation 60bceffa-79d3-47be-adbe-254cdf268c14 --yes\n";

/// The UP42 order of the examples: the sandbox's Pléiades tasking display product (a
/// feasibility study follows), in the sandbox user's workspace, over the examples' AOI.
macro_rules! up42_order_body {
    () => {
        concat!(
            " --aoi ",
            aoi!(),
            " --data-product 47dadb27-9532-4552-93a5-48f70a83eaef --param acquisitionStart=2027-03-02T00:00:00Z --param acquisitionEnd=2027-03-30T00:00:00Z --workspace 096e3715-e908-473f-b527-d12af3e254b6"
        )
    };
}

/// A UP42 order placed, then the sandbox's clock moved on an hour: its study is waiting.
macro_rules! up42_study_waiting {
    () => {
        concat!(
            "  sattask api up42-order",
            up42_order_body!(),
            " --name my-up42-order --yes\n",
            "  sattask sandbox advance --hours 1\n"
        )
    };
}

/// `up42-collections`.
pub const UP42_COLLECTIONS: &str = "Example:\n  sattask api up42-collections\n";

/// `up42-schema`: the sandbox's Pléiades tasking display product.
pub const UP42_SCHEMA: &str =
    "Example:\n  sattask api up42-schema 47dadb27-9532-4552-93a5-48f70a83eaef\n";

/// `up42-estimate`.
pub const UP42_ESTIMATE: &str = concat!(
    "Example (a Pléiades tasking display product; its parameters are in `sattask api up42-schema`):\n  sattask api up42-estimate",
    up42_order_body!(),
    "\n"
);

/// `up42-order`.
pub const UP42_ORDER: &str = concat!(
    "Example (a feasibility study follows; see it with `sattask api up42-studies`):\n  sattask api up42-order",
    up42_order_body!(),
    " --name my-up42-order --yes\n"
);

/// `up42-orders`.
pub const UP42_ORDERS: &str = concat!(
    "Example (an order whose feasibility study is waiting for your choice):\n",
    up42_study_waiting!(),
    "  sattask api up42-orders --sub-status FEASIBILITY_WAITING_RESPONSE\n"
);

/// `up42-studies`.
pub const UP42_STUDIES: &str = concat!(
    "Example (an order whose feasibility study is waiting for your choice):\n",
    up42_study_waiting!(),
    "  sattask api up42-studies\n"
);

/// `choose-study-option`: the ids a fresh sandbox gives the first order's study and options.
pub const CHOOSE_STUDY_OPTION: &str = concat!(
    "Example (the study and option ids are in `sattask api up42-studies --order ORDER`; a quotation follows an hour later):\n",
    up42_study_waiting!(),
    "  sattask api up42-studies --order 6bb30f68-b104-4785-a82f-cd4bbe477006\n",
    "  sattask api choose-study-option 88b24d4c-15a7-4963-a166-be9762275842 6bb30f68-b104-4785-a82f-cd4bbe477006-opt-1 --yes\n"
);
