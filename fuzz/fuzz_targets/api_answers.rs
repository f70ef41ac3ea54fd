//! Any bytes as the answers the API clients read (OneAtlas and UP42 models, error bodies):
//! deserialising must fail with an error, never panic, whatever the services send.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sattask::api::ErrorBody;
use sattask::api::oneatlas::models::{
    CapacityAnswer, ContractList, OptionList, OrderAnswer, PriceAnswer, ProductTypeList,
    SegmentList, TaskingList,
};
use sattask::api::up42::models::{FeasibilityStudy, Page, Quotation};

fuzz_target!(|bytes: &[u8]| {
    let _ = serde_json::from_slice::<ContractList>(bytes);
    let _ = serde_json::from_slice::<ProductTypeList>(bytes);
    let _ = serde_json::from_slice::<OptionList>(bytes);
    let _ = serde_json::from_slice::<CapacityAnswer>(bytes);
    let _ = serde_json::from_slice::<PriceAnswer>(bytes);
    let _ = serde_json::from_slice::<OrderAnswer>(bytes);
    let _ = serde_json::from_slice::<TaskingList>(bytes);
    let _ = serde_json::from_slice::<SegmentList>(bytes);
    let _ = serde_json::from_slice::<ErrorBody>(bytes);
    let _ = serde_json::from_slice::<Page<Quotation>>(bytes);
    let _ = serde_json::from_slice::<Page<FeasibilityStudy>>(bytes);
});
