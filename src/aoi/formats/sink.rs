//! Where an importer hands what it reads, as it reads it. A caller that checks each AOI and
//! forgets it (`aoi validate`, `aoi info`) keeps memory to the largest AOI, not to the file; a
//! caller that wants them all collects them into an [`ImportReport`].

use super::ImportReport;
use crate::aoi::model::Imported;

/// One thing read from a file, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A geometry, polygon or not.
    Item(Imported),
    /// Something a person should know (an assumed CRS, a reprojection, an ignored part).
    Warning(String),
}

/// Takes what an importer reads.
pub trait Sink {
    /// A geometry, in file order.
    fn item(&mut self, item: Imported);
    /// A note about the file.
    fn warning(&mut self, warning: String);
}

impl Sink for ImportReport {
    fn item(&mut self, item: Imported) {
        self.items.push(item);
    }

    fn warning(&mut self, warning: String) {
        self.warnings.push(warning);
    }
}

impl<F: FnMut(Found)> Sink for F {
    fn item(&mut self, item: Imported) {
        self(Found::Item(item));
    }

    fn warning(&mut self, warning: String) {
        self(Found::Warning(warning));
    }
}

/// Gives every unnamed geometry the file's name, numbered when the file holds several. To know
/// whether it does, the first geometry is held back until a second one comes or the file ends:
/// one geometry, never the file.
pub(super) struct Naming<'a> {
    inner: &'a mut dyn Sink,
    default_name: &'a str,
    first: Option<Imported>,
    count: usize,
}

impl<'a> Naming<'a> {
    pub fn new(inner: &'a mut dyn Sink, default_name: &'a str) -> Self {
        Naming {
            inner,
            default_name,
            first: None,
            count: 0,
        }
    }

    /// Hands on the geometry held back; returns how many geometries went through.
    pub fn finish(mut self) -> usize {
        if let Some(mut first) = self.first.take() {
            name_if_unnamed(&mut first, self.default_name.to_owned());
            self.inner.item(first);
        }
        self.count
    }
}

impl Sink for Naming<'_> {
    fn item(&mut self, mut item: Imported) {
        self.count += 1;
        if self.count == 1 {
            self.first = Some(item);
            return;
        }
        if let Some(mut first) = self.first.take() {
            name_if_unnamed(&mut first, format!("{} 1", self.default_name));
            self.inner.item(first);
        }
        name_if_unnamed(&mut item, format!("{} {}", self.default_name, self.count));
        self.inner.item(item);
    }

    fn warning(&mut self, warning: String) {
        self.inner.warning(warning);
    }
}

fn name_if_unnamed(item: &mut Imported, name: String) {
    let current = match item {
        Imported::Aoi(aoi) => &mut aoi.name,
        Imported::NotPolygon(other) => &mut other.name,
    };
    if current.trim().is_empty() {
        *current = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::model::NotPolygon;

    fn point(name: &str) -> Imported {
        Imported::NotPolygon(NotPolygon {
            name: name.to_owned(),
            kind: "Point".to_owned(),
            at: None,
        })
    }

    fn names_of(items: &[&str]) -> Vec<String> {
        let mut report = ImportReport::default();
        let mut naming = Naming::new(&mut report, "zones");
        for name in items {
            naming.item(point(name));
        }
        assert_eq!(naming.finish(), items.len());
        report.items.iter().map(|i| i.name().to_owned()).collect()
    }

    #[test]
    fn a_lone_geometry_takes_the_file_name_and_several_are_numbered() {
        assert_eq!(names_of(&[""]), ["zones"]);
        assert_eq!(
            names_of(&["", "Paris", " "]),
            ["zones 1", "Paris", "zones 3"]
        );
        assert_eq!(names_of(&["Lyon"]), ["Lyon"]);
        assert!(names_of(&[]).is_empty());
    }

    #[test]
    fn warnings_pass_straight_through_and_items_keep_their_order() {
        let mut seen = Vec::new();
        let mut collect = |found: Found| seen.push(found);
        let mut naming = Naming::new(&mut collect, "f");
        naming.item(point("a"));
        naming.warning("w".to_owned());
        naming.item(point("b"));
        naming.finish();
        // The first geometry is held back until the second one shows the file has several.
        assert_eq!(
            seen,
            [
                Found::Warning("w".to_owned()),
                Found::Item(point("a")),
                Found::Item(point("b")),
            ]
        );
    }
}
