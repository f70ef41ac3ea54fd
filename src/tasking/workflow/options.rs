//! Production options as a form: the options that apply given what is chosen (conditions such
//! as `processing_level:(ortho|projected)` evaluated), defaults filled, mandatory ones marked,
//! and the list of what is still missing, so only a combination the service accepts is sent.

use crate::api::oneatlas::models::{OptionList, ProductionOption, condition_holds};

/// One option as the form shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionField {
    /// The key, e.g. `processing_level`.
    pub key: String,
    /// A label for people.
    pub label: String,
    /// The values allowed now: (id sent, label shown).
    pub values: Vec<(String, String)>,
    /// The value chosen, if any.
    pub chosen: Option<String>,
    /// Must be given.
    pub mandatory: bool,
}

fn text_of(value: &serde_json::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// A value of a constraint: a plain string, or `{id, label, constraint{condition}}` whose
/// condition says when the value may be chosen (e.g. 8 bits only with `display` radiometry).
fn allowed_values(option: &ProductionOption, chosen: &[(String, String)]) -> Vec<(String, String)> {
    let Some(constraint) = &option.constraint else {
        return Vec::new();
    };
    constraint
        .values
        .iter()
        .filter_map(|value| match value {
            serde_json::Value::Object(object) => {
                let id = object.get("id").map(text_of)?;
                let holds = object
                    .get("constraint")
                    .and_then(|c| c.get("condition"))
                    .and_then(serde_json::Value::as_str)
                    .is_none_or(|condition| condition_holds(condition, chosen));
                holds.then(|| {
                    let label = object.get("label").map_or_else(|| id.clone(), text_of);
                    (id, label)
                })
            }
            other => {
                let id = text_of(other);
                Some((id.clone(), id))
            }
        })
        .collect()
}

/// The options that apply to `chosen`, in the service's order, without hidden ones.
pub fn fields(list: &OptionList, chosen: &[(String, String)]) -> Vec<OptionField> {
    list.available_options
        .iter()
        .filter(|o| !o.hidden && o.applies(chosen))
        .map(|o| (o, allowed_values(o, chosen)))
        // A free number nobody has to give (an elevation) is left to the service's default.
        .filter(|(o, values)| !values.is_empty() || o.is_mandatory())
        .map(|(o, values)| OptionField {
            key: o.name.clone(),
            label: o.label.clone().unwrap_or_else(|| o.name.replace('_', " ")),
            values,
            chosen: chosen
                .iter()
                .find(|(k, _)| *k == o.name)
                .map(|(_, v)| v.clone()),
            mandatory: o.is_mandatory(),
        })
        .collect()
}

fn default_of(option: &ProductionOption) -> Option<String> {
    option
        .default_value
        .as_ref()
        .map(text_of)
        .filter(|v| !v.is_empty())
}

/// `chosen` completed with every applicable option's default, dropped of the options that no
/// longer apply or whose value is not allowed. Repeats until nothing changes (a default can
/// make another option apply).
pub fn settle(list: &OptionList, chosen: &[(String, String)]) -> Vec<(String, String)> {
    let mut current: Vec<(String, String)> = chosen.to_vec();
    for _ in 0..=list.available_options.len() {
        let mut next: Vec<(String, String)> = Vec::new();
        for option in list
            .available_options
            .iter()
            .filter(|o| !o.hidden && o.applies(&current))
        {
            let allowed: Vec<String> = allowed_values(option, &current)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let fits = |v: &String| allowed.is_empty() || allowed.contains(v);
            let value = current
                .iter()
                .find(|(k, _)| *k == option.name)
                .map(|(_, v)| v.clone())
                .filter(fits)
                .or_else(|| default_of(option).filter(fits));
            if let Some(value) = value {
                next.push((option.name.clone(), value));
            }
        }
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// The mandatory options that apply and have no value.
fn missing_fields(list: &OptionList, chosen: &[(String, String)]) -> Vec<OptionField> {
    fields(list, chosen)
        .into_iter()
        .filter(|f| f.mandatory && f.chosen.is_none())
        .collect()
}

/// The mandatory options that apply and have no value, by label.
pub fn missing(list: &OptionList, chosen: &[(String, String)]) -> Vec<String> {
    missing_fields(list, chosen)
        .into_iter()
        .map(|f| f.label)
        .collect()
}

/// The mandatory options that apply and have no value, by key (what `--option` takes).
pub fn missing_keys(list: &OptionList, chosen: &[(String, String)]) -> Vec<String> {
    missing_fields(list, chosen)
        .into_iter()
        .map(|f| f.key)
        .collect()
}

/// `given` kept as it is, completed with the service's default of every other option that
/// applies (what the window fills in); a given value is never changed or dropped.
pub fn with_defaults(list: &OptionList, given: &[(String, String)]) -> Vec<(String, String)> {
    let mut all = given.to_vec();
    for (key, value) in settle(list, given) {
        if !given.iter().any(|(k, _)| *k == key) {
            all.push((key, value));
        }
    }
    all
}

/// Sets one option and settles the rest.
pub fn choose(
    list: &OptionList,
    chosen: &[(String, String)],
    key: &str,
    value: &str,
) -> Vec<(String, String)> {
    let mut next: Vec<(String, String)> =
        chosen.iter().filter(|(k, _)| k != key).cloned().collect();
    next.push((key.to_owned(), value.to_owned()));
    settle(list, &next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> OptionList {
        serde_json::from_str(
            r#"{"availableOptions":[
              {"name":"processing_level","mandatory":true,"defaultValue":"ortho","constraint":{"values":["primary","ortho","projected"]}},
              {"name":"dem","mandatory":"constraint","defaultValue":"best_available","constraint":{"condition":"processing_level:(ortho)","values":["best_available","srtm"]}},
              {"name":"projection_1","mandatory":"constraint","constraint":{"condition":"processing_level:(ortho|projected)","values":["4326","32631"]}},
              {"name":"internal","hidden":true,"defaultValue":"x"}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn defaults_fill_and_conditions_follow_the_choice() {
        let list = list();
        let chosen = settle(&list, &[]);
        assert_eq!(
            chosen,
            vec![
                ("processing_level".to_owned(), "ortho".to_owned()),
                ("dem".to_owned(), "best_available".to_owned()),
            ]
        );
        assert_eq!(missing(&list, &chosen), vec!["projection 1".to_owned()]);
        let primary = choose(&list, &chosen, "processing_level", "primary");
        assert_eq!(
            primary,
            vec![("processing_level".to_owned(), "primary".to_owned())]
        );
        assert!(missing(&list, &primary).is_empty());
        assert!(fields(&list, &primary).iter().all(|f| f.key != "internal"));
    }

    #[test]
    fn a_value_with_its_own_condition_is_offered_only_when_it_holds() {
        let list: OptionList = serde_json::from_str(
            r#"{"availableOptions":[
              {"name":"radiometric_processing","mandatory":"true","defaultValue":"basic","constraint":{"values":[{"id":"basic","label":"Basic"},{"id":"display","label":"Display"}]}},
              {"name":"pixel_coding","mandatory":"true","defaultValue":"12bits","constraint":{"values":[
                {"id":"8bits","label":"8 bits","constraint":{"condition":"radiometric_processing:(display)"}},
                {"id":"12bits","label":"12 bits","constraint":{"condition":"radiometric_processing:(basic|reflectance)"}}]}}
            ]}"#,
        )
        .unwrap();
        let chosen = settle(&list, &[]);
        assert_eq!(chosen[1], ("pixel_coding".to_owned(), "12bits".to_owned()));
        let pixel = &fields(&list, &chosen)[1];
        assert_eq!(
            pixel.values,
            vec![("12bits".to_owned(), "12 bits".to_owned())]
        );
        // Display radiometry: 12 bits no longer fits and no default does, so it must be chosen.
        let display = choose(&list, &chosen, "radiometric_processing", "display");
        assert_eq!(display.len(), 1);
        assert_eq!(
            missing(&list, &display),
            vec!["pixel_coding".replace('_', " ")]
        );
    }

    #[test]
    fn defaults_complete_what_is_given_without_changing_it() {
        let list = list();
        let given = vec![("processing_level".to_owned(), "projected".to_owned())];
        let all = with_defaults(&list, &given);
        assert_eq!(all, given, "projected has no dem and no default projection");
        assert_eq!(missing_keys(&list, &all), vec!["projection_1".to_owned()]);
        let ortho = with_defaults(&list, &[]);
        assert!(ortho.contains(&("dem".to_owned(), "best_available".to_owned())));
    }

    #[test]
    fn a_value_the_service_does_not_allow_is_dropped() {
        let list = list();
        let chosen = settle(&list, &[("processing_level".into(), "raw".into())]);
        assert_eq!(
            chosen[0],
            ("processing_level".to_owned(), "ortho".to_owned())
        );
    }
}
