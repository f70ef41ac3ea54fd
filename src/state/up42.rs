//! What a person asks of the UP42 side of the Task tab (`tasking::up42_task`): the provider
//! tasked through, a collection's data product, a field of its form, the order's confirmation.
//! The shell carries these out: they start jobs.

/// The provider the Task tab tasks through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TaskProvider {
    /// Airbus OneAtlas (contracts, feasibility, attempts, price).
    #[default]
    OneAtlas,
    /// UP42 (collections, a product's form, a credit estimate).
    Up42,
}

/// A UP42 tasking step.
#[derive(Debug, Clone, PartialEq)]
pub enum Up42Command {
    /// Task through this provider (UP42 loads the workspace and the catalogue the first time).
    UseProvider(TaskProvider),
    /// Load the workspace and the catalogue again (after a failure).
    Reload,
    /// Choose a collection's data product: `(collection name, data product id)`.
    ChooseProduct(String, String),
    /// A field of the form changed: `(property name, text)`.
    SetValue(String, String),
    /// `Order…`: open the confirmation.
    OpenOrder,
    /// Buy it again despite an earlier order of the same image (the second choice).
    BuyAgain(bool),
    /// `Confirm UP42 order`.
    Confirm,
    /// Close the confirmation, or forget a placed or refused order.
    Close,
    /// `Check` an order whose outcome is unknown.
    Check,
}
