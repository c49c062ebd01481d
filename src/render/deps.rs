//! What each template depends on, read from the templates' tags (not from a hand-kept list):
//! the templates it extends and includes, the components it calls (and so the templates
//! defining them, and what those call in turn), and the static files it cache-busts. A page's
//! fingerprint includes its template's key, so a change to any template re-renders exactly the
//! pages whose template reaches it.

use std::collections::{BTreeSet, HashMap};

use crate::load::TemplateSource;

/// What one template's tags refer to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs {
    /// Templates named by `{% extends %}` and `{% include %}`.
    pub templates: Vec<String>,
    /// Components this template defines (`{% component name(…) %}`).
    pub defines: Vec<String>,
    /// Components it calls (`{{ <name … /> }}`, `{% <name …> %}`).
    pub calls: Vec<String>,
    /// Static files cache-busted with a literal path (`get_url(path="style.css",
    /// cachebust=true)`); `None` when one path is not a literal (then every static file counts).
    pub busted: Option<Vec<String>>,
}

/// Reads the tags of a template. Comments (`{# … #}`) and raw blocks are skipped, strings are
/// respected; anything this reader cannot place counts as a dependency rather than none.
pub fn refs(text: &str) -> Refs {
    let mut refs = Refs {
        busted: Some(Vec::new()),
        ..Refs::default()
    };
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let (close, is_statement) = match after.as_bytes().first() {
            Some(b'#') => {
                rest = after.find("#}").map_or("", |end| &after[end + 2..]);
                continue;
            }
            Some(b'{') => ("}}", false),
            Some(b'%') => ("%}", true),
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = tag_end(body, close);
        let inner = body[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = body.get(end + close.len()..).unwrap_or("");
        if is_statement {
            let word: String = inner.chars().take_while(|c| c.is_alphanumeric()).collect();
            match word.as_str() {
                "raw" => {
                    rest = rest.find("endraw").map_or("", |i| &rest[i..]);
                    continue;
                }
                "extends" | "include" => refs.templates.extend(strings(&inner[word.len()..])),
                "component" => refs.defines.push(component_name(&inner[word.len()..])),
                _ => {}
            }
        }
        refs.calls.extend(calls(inner));
        busted_paths(inner, &mut refs.busted);
    }
    refs
}

/// The end of a tag's body: the first `close` outside a string.
fn tag_end(body: &str, close: &str) -> usize {
    let bytes = body.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' || b == b'`' => quote = Some(b),
            None if body[i..].starts_with(close) => return i,
            None => {}
        }
        i += 1;
    }
    body.len()
}

/// The string literals of a tag's arguments.
fn strings(args: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = args;
    while let Some(start) = rest.find(['"', '\'', '`']) {
        let quote = &rest[start..start + 1];
        let tail = &rest[start + 1..];
        let Some(end) = tail.find(quote) else { break };
        found.push(tail[..end].to_string());
        rest = &tail[end + 1..];
    }
    found
}

fn component_name(args: &str) -> String {
    args.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect()
}

/// Component calls in a tag: `<name` outside strings (a comparison `a < b` is read as a call
/// of `b`: one dependency too many, never one too few).
fn calls(inner: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if c == '<' => {
                let name = component_name(inner[i + 1..].trim_start_matches('/'));
                if !name.is_empty() && name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                    found.push(name);
                }
            }
            None => {}
        }
    }
    found
}

/// Adds the literal paths of `get_url(…, cachebust=true)` calls; a non-literal path makes the
/// set unknown (`None`).
fn busted_paths(inner: &str, busted: &mut Option<Vec<String>>) {
    for (start, _) in inner.match_indices("get_url(") {
        let call = &inner[start..];
        let call = &call[..call.find(')').unwrap_or(call.len())];
        if !call.contains("cachebust=true") {
            continue;
        }
        let literal = call.split("path=").nth(1).and_then(|rest| {
            let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let end = rest[1..].find(quote)?;
            Some(rest[1..1 + end].trim_start_matches('/').to_string())
        });
        match (literal, busted.as_mut()) {
            (Some(path), Some(list)) => list.push(path),
            _ => *busted = None,
        }
    }
}

/// For each template, a fingerprint of its own text and of every template it reaches: the
/// ones it extends or includes and the ones defining the components it calls, transitively;
/// and of the content hashes of the static files they cache-bust (all of them when a path is
/// not a literal), so that editing a stylesheet re-renders exactly the pages that link it.
pub fn template_keys(
    templates: &[TemplateSource],
    assets: &super::env::AssetHashes,
) -> HashMap<String, u64> {
    let by_name: HashMap<&str, (&TemplateSource, Refs)> = templates
        .iter()
        .map(|t| (t.name.as_str(), (t, refs(&t.text))))
        .collect();
    let mut definers: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, (_, r)) in &by_name {
        for component in &r.defines {
            definers.entry(component).or_default().push(name);
        }
    }
    let mut keys = HashMap::new();
    for template in templates {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![template.name.as_str()];
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            let Some((_, r)) = by_name.get(name) else {
                continue;
            };
            stack.extend(r.templates.iter().map(String::as_str));
            for call in &r.calls {
                stack.extend(definers.get(call.as_str()).into_iter().flatten().copied());
            }
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for name in seen {
            h.update(name.as_bytes());
            h.update(&[0]);
            if let Some((t, r)) = by_name.get(name) {
                h.update(t.text.as_bytes());
                match &r.busted {
                    Some(paths) => {
                        for path in paths {
                            h.update(path.as_bytes());
                            h.update(assets.0.get(path).map_or(&[][..], |v| v.as_bytes()));
                        }
                    }
                    None => h.update(&assets.key_for(None).to_le_bytes()),
                }
            }
            h.update(&[0]);
        }
        keys.insert(template.name.clone(), h.digest());
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            path: format!("templates/{name}").into(),
            text: text.into(),
        }
    }

    #[test]
    fn tags_are_read_with_strings_comments_and_raw_blocks() {
        let r = refs(
            "{% extends \"base.html\" %}{# {% include \"commentaire.html\" %} #}\
             {%- include 'partials/tete.html' -%}{{ \"<pas_un_appel\" }}{{ <byline authors={a} /> }}\
             {% raw %}{{ <brut /> }}{% include \"brut.html\" %}{% endraw %}\
             {% <boite titre=\"x\"> %}corps{% </boite> %}{% component carte(item) %}{% endcomponent carte %}\
             {{ get_url(path='style.css', cachebust=true) }}{{ get_url(path='recherche/') }}",
        );
        assert_eq!(r.templates, ["base.html", "partials/tete.html"]);
        assert_eq!(r.calls, ["byline", "boite", "boite"]);
        assert_eq!(r.defines, ["carte"]);
        assert_eq!(r.busted, Some(vec!["style.css".to_string()]));
        assert_eq!(
            refs("{{ get_url(path=page.image, cachebust=true) }}").busted,
            None
        );
    }

    #[test]
    fn a_template_depends_on_what_it_reaches_and_nothing_else() {
        let templates = [
            template(
                "base.html",
                "<html>{% block content %}{% endblock content %}</html>",
            ),
            template(
                "article.html",
                "{% extends \"base.html\" %}{% block content %}{{ <byline a={1} /> }}{% endblock content %}",
            ),
            template("page.html", "{% extends \"base.html\" %}"),
            template(
                "components.html",
                "{% component byline(a) %}{{ <signature /> }}{% endcomponent byline %}",
            ),
            template(
                "signatures.html",
                "{% component signature() %}x{% endcomponent signature %}",
            ),
            template(
                "cards.html",
                "{% component carte() %}y{% endcomponent carte %}",
            ),
        ];
        let keys = template_keys(&templates, &Default::default());
        let changed = |name: &str, text: &str| {
            let mut edited = templates.clone();
            edited.iter_mut().find(|t| t.name == name).unwrap().text = text.into();
            let after = template_keys(&edited, &Default::default());
            let mut moved: Vec<String> = keys
                .iter()
                .filter(|(n, k)| after[*n] != **k)
                .map(|(n, _)| n.clone())
                .collect();
            moved.sort();
            moved
        };
        assert_eq!(
            changed(
                "signatures.html",
                "{% component signature() %}z{% endcomponent signature %}"
            ),
            ["article.html", "components.html", "signatures.html"]
        );
        assert_eq!(
            changed(
                "cards.html",
                "{% component carte() %}w{% endcomponent carte %}"
            ),
            ["cards.html"]
        );
        assert_eq!(
            changed(
                "base.html",
                "<html>{% block content %}{% endblock content %}</html>\n"
            ),
            ["article.html", "base.html", "page.html"]
        );
    }
}
