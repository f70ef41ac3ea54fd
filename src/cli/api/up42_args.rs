//! The arguments of the UP42 tasking commands of `sattask api` (clap), flattened into
//! [`super::args::ApiCommand`]: the catalogue, a product's schema, an estimate, placing an order
//! (money path), the orders, their feasibility studies and choosing an option (money path).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::examples;

/// The UP42 tasking commands.
#[derive(Debug, Subcommand)]
pub enum Up42Command {
    /// List UP42's tasking collections: providers, data products (their ids are what orders
    /// name) and whether a feasibility study or a quotation follows an order.
    #[command(after_help = examples::UP42_COLLECTIONS)]
    Up42Collections,
    /// A UP42 data product's order parameters, as a JSON schema.
    #[command(after_help = examples::UP42_SCHEMA)]
    Up42Schema {
        /// The data product id (from `sattask api up42-collections`).
        data_product_id: String,
    },
    /// Estimate a UP42 tasking order's credits (spends nothing).
    #[command(after_help = examples::UP42_ESTIMATE)]
    Up42Estimate(Up42OrderArgs),
    /// Place a UP42 tasking order: needs --yes, journaled, sent exactly once.
    #[command(after_help = examples::UP42_ORDER)]
    Up42Order(Up42OrderArgs),
    /// List UP42 orders, with their status and sub-status.
    #[command(after_help = examples::UP42_ORDERS)]
    Up42Orders {
        /// Filter by status (repeatable): CREATED, BEING_FULFILLED, FULFILLED...
        #[arg(long)]
        status: Vec<String>,
        /// Filter by tasking sub-status (repeatable): FEASIBILITY_WAITING_RESPONSE,
        /// QUOTATION_WAITING_RESPONSE...
        #[arg(long)]
        sub_status: Vec<String>,
        /// Filter by workspace.
        #[arg(long)]
        workspace: Option<String>,
        /// Filter by display name.
        #[arg(long)]
        name: Option<String>,
        /// Page, from 0.
        #[arg(long)]
        page: Option<u32>,
    },
    /// List UP42 feasibility studies and their options.
    #[command(after_help = examples::UP42_STUDIES)]
    Up42Studies {
        /// The studies of this order only.
        #[arg(long)]
        order: Option<String>,
    },
    /// Choose one option of a UP42 feasibility study (once, while NOT_DECIDED; needs --yes).
    #[command(after_help = examples::CHOOSE_STUDY_OPTION)]
    ChooseStudyOption {
        /// The study id (from `sattask api up42-studies`).
        study: String,
        /// The option id (from the study's options).
        option: String,
        /// Confirm: the quotation that follows is priced on this option.
        #[arg(long)]
        yes: bool,
        /// Send it even though the journal shows it was already sent.
        #[arg(long)]
        again: bool,
    },
}

/// The body of a UP42 estimate or order.
#[derive(Debug, Args)]
pub struct Up42OrderArgs {
    /// The AOI: a file (one polygon), or the polygon itself as WKT or GeoJSON text. Checked
    /// here first: an AOI UP42 would refuse is not sent.
    #[arg(long, value_name = "FILE|WKT")]
    pub aoi: PathBuf,
    /// The data product id (from `sattask api up42-collections`).
    #[arg(long)]
    pub data_product: String,
    /// An order parameter key=value (repeatable), as `sattask api up42-schema` names them;
    /// numbers and true/false are sent as such, the rest as text.
    #[arg(long = "param", value_parser = super::flags::parse_key_value)]
    pub params: Vec<(String, String)>,
    /// The workspace (the sandbox's: 096e3715-e908-473f-b527-d12af3e254b6).
    #[arg(long)]
    pub workspace: String,
    /// The order's name, to find it again (default: the AOI's name).
    #[arg(long)]
    pub name: Option<String>,
    /// A tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
    /// Confirm: the order starts UP42's work (a study, a quotation to accept).
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows the same order was already sent.
    #[arg(long)]
    pub again: bool,
}
