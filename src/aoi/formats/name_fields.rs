//! Which attribute names an imported shape: the one rule a Shapefile's `.dbf` fields and a
//! GeoPackage's columns follow.

/// Attributes that name a shape, in order of preference (matched ignoring case).
const NAME_FIELDS: &[&str] = &["name", "nom", "title", "id"];

/// Of a layer's `fields` (each a name and what the reader needs to find its value), those that
/// may name a record, in order of preference: for each record, the first of them holding a
/// non-empty value names it. `usable` says whether a field holds text or a number.
pub(super) fn naming_fields<F>(
    mut fields: Vec<(String, F)>,
    usable: impl Fn(&F) -> bool,
) -> Vec<F> {
    let mut chosen = Vec::new();
    for wanted in NAME_FIELDS {
        if let Some(index) = fields
            .iter()
            .position(|(name, field)| name.eq_ignore_ascii_case(wanted) && usable(field))
        {
            chosen.push(fields.swap_remove(index).1);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_chosen_by_preference_ignoring_case_and_unusable_ones() {
        let fields = vec![
            ("ID".to_owned(), (1, true)),
            ("Nom".to_owned(), (2, true)),
            ("name".to_owned(), (3, false)),
            ("area".to_owned(), (4, true)),
        ];
        let chosen: Vec<i32> = naming_fields(fields, |(_, usable)| *usable)
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        assert_eq!(chosen, [2, 1]);
    }
}
