//! Template errors as located diagnostics: syntax errors, errors found while linking templates,
//! and errors while rendering a page, each at the template's `path:line:col` with a hint, and
//! naming the page being rendered.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::load::TemplateSource;

/// What a template error is reported against: the files templates come from, and the calls of
/// components that may recurse without end (to locate Tera's unlocated recursion error).
#[derive(Debug, Clone, Default)]
pub struct Locator {
    /// Template name → file it came from, relative to the site root.
    pub paths: HashMap<String, PathBuf>,
    /// Calls that close a cycle of components: (template name, line, column, component).
    cycles: Vec<(String, usize, usize, String)>,
}

/// The page being rendered when an error happened: its template and output path.
#[derive(Debug, Clone, Copy)]
pub struct Rendering<'a> {
    pub template: &'a str,
    pub output: &'a str,
}

impl Locator {
    pub fn new(templates: &[TemplateSource]) -> Self {
        Locator {
            paths: templates
                .iter()
                .map(|t| (t.name.clone(), t.path.clone()))
                .collect(),
            cycles: component_cycles(templates),
        }
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// Tera errors as located diagnostics. A render error names the page being rendered; an
    /// error Tera does not locate is put on the template being rendered (or, for endless
    /// recursion, on the call that closes the cycle), never on an empty path.
    pub fn diagnostics(&self, err: &tera::Error, rendering: Option<Rendering>) -> Vec<Diagnostic> {
        let while_rendering = rendering
            .map(|r| format!(" (while rendering {})", r.output))
            .unwrap_or_default();
        match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                let mut message = report.message().to_string();
                if let Some(source) = std::error::Error::source(err) {
                    message.push_str(&format!(": {source}"));
                }
                vec![
                    Diagnostic::error(
                        self.path_of(report.filename()),
                        span.start_line,
                        span.start_col + 1,
                        format!("{message}{while_rendering}"),
                    )
                    .with_help(help(&message)),
                ]
            }
            _ => self.unlocated(err, rendering, &while_rendering),
        }
    }

    fn unlocated(
        &self,
        err: &tera::Error,
        rendering: Option<Rendering>,
        while_rendering: &str,
    ) -> Vec<Diagnostic> {
        // Errors found while linking templates come as a list of reports in one message.
        let text = err.to_string();
        let mut found = Vec::new();
        for report in text.split("\n\n") {
            let message = report
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            let location = report
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            let Some(location) = location else { continue };
            let mut parts = location.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            let name = parts.next().unwrap_or_default();
            found.push(
                Diagnostic::error(
                    self.path_of(name),
                    line,
                    col,
                    format!("{message}{while_rendering}"),
                )
                .with_help(help(&message)),
            );
        }
        if !found.is_empty() {
            return found;
        }
        if text.contains("recursion depth")
            && let Some((name, line, col, component)) = self.cycles.first()
        {
            return vec![
                Diagnostic::error(
                    self.path_of(name),
                    *line,
                    *col,
                    format!(
                        "the component `{component}` calls itself without end{while_rendering}"
                    ),
                )
                .with_help(
                    "a component that calls itself (directly or through others) needs a condition that stops it",
                ),
            ];
        }
        let named = self
            .paths
            .keys()
            .filter(|n| text.contains(&format!("'{n}'")))
            .min()
            .map(String::as_str);
        let name = named.or(rendering.map(|r| r.template)).unwrap_or_default();
        vec![
            Diagnostic::file(self.path_of(name), format!("{text}{while_rendering}"))
                .with_help(help(&text)),
        ]
    }
}

/// Calls that close a cycle of components (`{% component a %}…{{ <a … /> }}…`, or through
/// others), each as (template, line, column, component called), in template order.
fn component_cycles(templates: &[TemplateSource]) -> Vec<(String, usize, usize, String)> {
    // component → its calls: (callee, template, line, column)
    let mut calls: HashMap<String, Vec<(String, String, usize, usize)>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for template in templates {
        let text = template.text.as_str();
        let mut rest = 0;
        while let Some(found) = find_tag(text, rest, "component") {
            let name: String = text[found.1..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let end = text[found.1..]
                .find("endcomponent")
                .map_or(text.len(), |i| found.1 + i);
            let body = &text[found.1..end];
            let mut list = Vec::new();
            for (at, _) in body.match_indices('<') {
                let before = body[..at].trim_end_matches([' ', '\t', '\n', '-']);
                if !before.ends_with("{{") {
                    continue;
                }
                let callee: String = body[at + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if callee.is_empty() {
                    continue;
                }
                let offset = found.1 + at;
                let (line, col) = crate::diagnostics::line_col(text, offset);
                list.push((callee, template.name.clone(), line, col));
            }
            if !name.is_empty() {
                order.push(name.clone());
                calls.entry(name).or_default().extend(list);
            }
            rest = end.max(found.1);
        }
    }
    let mut cycles = Vec::new();
    for start in &order {
        // Depth-first from `start`: a call back to `start` closes a cycle.
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<&str> = vec![start];
        while let Some(current) = stack.pop() {
            for (callee, template, line, col) in calls.get(current).into_iter().flatten() {
                if callee == start {
                    cycles.push((template.clone(), *line, *col, callee.clone()));
                } else if seen.insert(callee.as_str()) {
                    stack.push(callee);
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    cycles
}

/// The next `{% <keyword>` tag at or after `from`: (start of the tag, end of the keyword).
fn find_tag(text: &str, from: usize, keyword: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        let inner = text[start + 2..].trim_start_matches('-').trim_start();
        let offset = text.len() - inner.len();
        if let Some(rest) = inner.strip_prefix(keyword)
            && rest.starts_with(char::is_whitespace)
        {
            return Some((start, offset + keyword.len()));
        }
        at = start + 2;
    }
    None
}

/// What to do about a template error, from its message.
pub fn help(message: &str) -> String {
    if message.contains("not found in context")
        || message.contains("not defined")
        || message.contains("undefined")
        || message.contains("Undefined")
    {
        "check the variable's name; use `{{ x | default(value=\"\") }}` or `{% if x is defined %}` for optional values"
            .into()
    } else if message.contains("Unknown filter") {
        "available extra filters: date, date_fr; see the Tera 2 documentation for built-in ones"
            .into()
    } else if message.contains("Circular") {
        "a template includes or extends itself through a chain; break the cycle".into()
    } else if message.contains("not found") && message.contains("Template") {
        "add the template to the theme or to the site's templates/, or fix its name".into()
    } else {
        "fix the template at this position (Tera 2 syntax)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            path: PathBuf::from(format!("templates/{name}")),
            text: text.into(),
        }
    }

    #[test]
    fn cycles_of_components_are_found_at_the_closing_call() {
        let templates = [
            template(
                "a.html",
                "{% component boucle(n) %}\nx{{ <boucle n={n} /> }}\n{% endcomponent boucle %}\n",
            ),
            template(
                "b.html",
                "{% component un() %}{{ <deux /> }}{% endcomponent un %}\n{%- component deux() %}\n  {{<un />}}{% endcomponent deux %}\n{% component seul() %}{{ <autre /> }}{% endcomponent seul %}",
            ),
        ];
        let cycles = component_cycles(&templates);
        assert_eq!(
            cycles,
            [
                ("a.html".into(), 2, 5, "boucle".into()),
                ("b.html".into(), 1, 24, "deux".into()),
                ("b.html".into(), 3, 5, "un".into()),
            ]
        );
    }
}
