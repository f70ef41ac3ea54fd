//! XML entities and character references in text (`&amp;`, `&#233;`, `&#xE9;`), decoded as the
//! text streams by: a piece of text may end inside a reference, which then waits for the rest.

/// The longest reference name read (between `&` and `;`); a longer one is kept as written.
const LONGEST_NAME: usize = 10;

/// Appends `raw` to `out` with its references decoded; an unknown reference is kept as written.
/// When more text may follow (`complete` false) it stops before a `&` whose `;` could be in that
/// text, and returns how many bytes of `raw` it used.
pub(super) fn decode(raw: &str, out: &mut String, complete: bool) -> usize {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let after = rest.get(amp + 1..).unwrap_or("");
        // Only the first bytes are searched: a text of many `&` and no `;` stays linear.
        let name_bytes = after.as_bytes().get(..=LONGEST_NAME);
        let semi = name_bytes
            .unwrap_or(after.as_bytes())
            .iter()
            .position(|&b| b == b';');
        out.push_str(rest.get(..amp).unwrap_or(""));
        if !complete && semi.is_none() && name_bytes.is_none() {
            return raw.len() - rest.len() + amp;
        }
        let decoded = semi.and_then(|semi| Some((reference(after.get(..semi)?)?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    raw.len()
}

/// The character a reference names (`amp`, `#233`, `#xE9`).
fn reference(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse::<u32>().ok()?
                };
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(raw: &str) -> String {
        let mut out = String::new();
        decode(raw, &mut out, true);
        out
    }

    #[test]
    fn references_are_decoded_and_unknown_ones_kept() {
        assert_eq!(
            whole("A &amp; B &#233;&#xE9;&lt;&unknown; &&toolongtobeareference;"),
            "A & B éé<&unknown; &&toolongtobeareference;"
        );
    }

    #[test]
    fn text_cut_anywhere_decodes_as_a_whole() {
        let raw = "a &amp; b &#233; &nope & &toolongtobeareference; c&lt;";
        for cut in 0..=raw.len() {
            let mut out = String::new();
            let used = decode(&raw[..cut], &mut out, false);
            decode(&raw[used..], &mut out, true);
            assert_eq!(out, whole(raw), "cut at {cut}");
        }
    }
}
