//! Newtype ids, so a tasking id is never passed where a contract id belongs.

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl<'de> Deserialize<'de> for $name {
            /// Accepts a string or a number (services are not consistent).
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match serde_json::Value::deserialize(d)? {
                    serde_json::Value::String(s) => Ok($name(s)),
                    serde_json::Value::Number(n) => Ok($name(n.to_string())),
                    other => Err(serde::de::Error::custom(format!(
                        "expected an id, found {other}"
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

id!(
    /// A OneAtlas contract (`contractId`, "CisContractId").
    ContractId
);
id!(
    /// A product type, e.g. `PleiadesTaskingOneDay`.
    ProductTypeId
);
id!(
    /// A delivery workspace.
    WorkspaceId
);
id!(
    /// A OneAtlas tasking (ICR id).
    TaskingId
);
id!(
    /// An acquisition segment of a tasking.
    SegmentId
);
id!(
    /// A sales order (`salesOrderId`).
    SalesOrderId
);
id!(
    /// A quotation (OneAtlas Neo or UP42).
    QuotationId
);
id!(
    /// A Pléiades Neo coverage item.
    CoverageId
);
id!(
    /// A UP42 order or a Neo order item.
    OrderId
);
id!(
    /// A UP42 feasibility study.
    FeasibilityStudyId
);
