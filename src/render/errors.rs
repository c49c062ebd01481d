//! Template errors as located diagnostics: syntax errors, errors found while linking templates,
//! and errors while rendering a page, each at the template's `path:line:col` with a hint, and
//! naming the page being rendered. Tera's own sentences never reach an editor: each error is
//! told in our words from its kind and, for the many Tera gives only as a sentence, from which
//! sentence it is (`explain`), keeping its position. What gen's own filters and functions
//! refuse travels through Tera as a `Refusal`.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::load::TemplateSource;
use crate::messages::Message;
use crate::msg;

/// What a template error is reported against: the files templates come from, and the calls of
/// components that may recurse without end (to locate Tera's unlocated recursion error).
#[derive(Debug, Clone, Default)]
pub struct Locator {
    /// Template name → file it came from, relative to the site root.
    pub paths: HashMap<String, PathBuf>,
    /// Calls that close a cycle of components: (template name, line, column, component).
    cycles: Vec<(String, usize, usize, String)>,
}

/// The page being rendered when an error happened: its template and what it was making.
#[derive(Debug, Clone, Copy)]
pub struct Rendering<'a> {
    pub template: &'a str,
    pub page: Page<'a>,
}

/// What a template was making when it failed.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// A file of the output (`articles/a/index.html`).
    Output(&'a str),
    /// The card of the article at this path.
    Card(&'a str),
    /// The shortcode written at this `path:line:col` of a body.
    Shortcode(&'a str),
}

impl Page<'_> {
    fn message(self) -> Message {
        match self {
            Page::Output(path) => msg!("template-page", path = path),
            Page::Card(path) => msg!("template-page-card", path = path),
            Page::Shortcode(place) => msg!("template-page-shortcode", place = place),
        }
    }
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

    /// Tera errors as located diagnostics. A render error names the page being rendered (as
    /// the value `page`, with `others`, the other pages it broke, 0 until errors are merged);
    /// an error Tera does not locate is put on the template being rendered (or, for endless
    /// recursion, on the call that closes the cycle), never on an empty path.
    pub fn diagnostics(&self, err: &tera::Error, rendering: Option<Rendering>) -> Vec<Diagnostic> {
        let found = self.located(err, rendering);
        let Some(rendering) = rendering else {
            return found;
        };
        found
            .into_iter()
            .map(|mut d| {
                d.message = msg!("template-while-rendering", others = 0usize)
                    .nested("problem", d.message)
                    .nested("page", rendering.page.message());
                d
            })
            .collect()
    }

    fn located(&self, err: &tera::Error, rendering: Option<Rendering>) -> Vec<Diagnostic> {
        use tera::ErrorKind as K;
        // Errors without a position are on the template being rendered, else on the one named.
        let on = |name: &str| {
            let name = rendering.map_or(name, |r| r.template);
            self.path_of(name)
        };
        let (path, (problem, help)) = match err.kind() {
            K::SyntaxError(report) | K::RenderingError(report) => {
                let span = report.span();
                let (problem, help) = explain(report.message());
                return vec![
                    Diagnostic::error(
                        self.path_of(report.filename()),
                        span.start_line,
                        span.start_col + 1,
                        problem,
                    )
                    .with_help(help),
                ];
            }
            K::Msg(text) => return self.unlocated(text, rendering),
            K::CircularInclude { tpl, include_chain } => (
                self.path_of(tpl),
                (
                    msg!("template-circular-include", chain = chain(include_chain)),
                    msg!("template-circular-help"),
                ),
            ),
            K::CircularExtend {
                tpl,
                inheritance_chain,
            } => (
                self.path_of(tpl),
                (
                    msg!(
                        "template-circular-extend",
                        chain = chain(&closed(inheritance_chain, tpl))
                    ),
                    msg!("template-circular-help"),
                ),
            ),
            K::MissingParent { current, parent } => (
                self.path_of(current),
                (
                    msg!("template-missing-parent", parent = parent),
                    msg!("template-not-found-help"),
                ),
            ),
            K::TemplateNotFound(name) => (
                on(name),
                (
                    msg!("template-not-found", name = name),
                    msg!("template-not-found-help"),
                ),
            ),
            K::ComponentNotFound(name) => (
                on(name),
                (
                    msg!("template-unknown-component", name = name),
                    msg!("template-unknown-component-help"),
                ),
            ),
            K::InvalidArgument {
                expected_type,
                actual_type,
            } => (on(""), wrong_type(expected_type, actual_type)),
            K::MissingArgument { arg_name } => (
                on(""),
                (
                    msg!("template-missing-argument", name = arg_name),
                    msg!("template-value-help"),
                ),
            ),
            K::OutOfRangeArgument { value, .. } => (
                on(""),
                (
                    msg!("template-out-of-range", value = value),
                    msg!("template-value-help"),
                ),
            ),
            K::Io(kind) => (
                on(""),
                (
                    msg!("template-io").nested(
                        "reason",
                        crate::error::io_reason(&std::io::Error::from(*kind)),
                    ),
                    msg!("template-syntax-help"),
                ),
            ),
            K::Utf8Conversion => (on(""), (msg!("template-utf8"), msg!("template-utf8-help"))),
            _ => (
                on(""),
                (msg!("template-unexplained"), msg!("template-syntax-help")),
            ),
        };
        vec![Diagnostic::file(path, problem).with_help(help)]
    }

    /// Errors Tera gives as a text: those found while linking templates (one report per
    /// problem, each with its position), endless recursion, and a few without a position.
    fn unlocated(&self, text: &str, rendering: Option<Rendering>) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for report in text.split("\n\n") {
            let sentence = report
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ");
            let location = report
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            let Some(location) = location else { continue };
            let mut parts = location.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            let name = parts.next().unwrap_or_default();
            let (problem, help) = explain(sentence);
            found.push(Diagnostic::error(self.path_of(name), line, col, problem).with_help(help));
        }
        if !found.is_empty() {
            return found;
        }
        let recursion_help = || msg!("template-recursion-help");
        if text.contains("recursion depth") {
            if let Some((name, line, col, component)) = self.cycles.first() {
                return vec![
                    Diagnostic::error(
                        self.path_of(name),
                        *line,
                        *col,
                        msg!("template-recursion", component = component),
                    )
                    .with_help(recursion_help()),
                ];
            }
            let name = rendering.map(|r| r.template).unwrap_or_default();
            return vec![
                Diagnostic::file(self.path_of(name), msg!("template-recursion-limit"))
                    .with_help(recursion_help()),
            ];
        }
        // `Component `x` is defined in both `a` and `b``: on the second, naming the first.
        if let Some(rest) = text.strip_prefix("Component `")
            && let Some((component, rest)) = rest.split_once("` is defined in both `")
            && let Some((first, second)) = rest.trim_end_matches('`').split_once("` and `")
        {
            return vec![
                Diagnostic::file(
                    self.path_of(second),
                    msg!(
                        "template-component-twice",
                        name = component,
                        other = &self.path_of(first)
                    ),
                )
                .with_help(msg!("template-component-twice-help")),
            ];
        }
        let named = self
            .paths
            .keys()
            .filter(|n| text.contains(&format!("'{n}'")) || text.contains(&format!("`{n}`")))
            .min()
            .map(String::as_str);
        let name = named.or(rendering.map(|r| r.template)).unwrap_or_default();
        vec![
            Diagnostic::file(self.path_of(name), msg!("template-unexplained"))
                .with_help(msg!("template-syntax-help")),
        ]
    }
}

/// A chain of templates ending where it started.
fn closed(names: &[String], start: &str) -> Vec<String> {
    let mut names = names.to_vec();
    if names.first().map(String::as_str) != Some(start) {
        names.insert(0, start.to_string());
    }
    if names.last().map(String::as_str) != Some(start) || names.len() == 1 {
        names.push(start.to_string());
    }
    names
}

/// A chain of templates, `a.html` → `b.html` → `a.html`.
fn chain(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// `text` is `start`, a name, then `end`: the name.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    text.strip_prefix(start)?.strip_suffix(end)
}

/// The first name written between backticks in `text`.
fn ticked(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// The names written between backticks in `text`, each kept in its backticks: `a`, `b`.
fn ticked_list(text: &str) -> String {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of names Tera writes plainly (`a, b, c`), in backticks.
fn names_list(text: &str) -> String {
    text.trim()
        .trim_end_matches('.')
        .split(", ")
        .filter(|n| !n.is_empty())
        .map(|n| format!("`{}`", n.trim_matches('`')))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a kind of value is called, from the name Tera gives its type (`string`, `map/struct`)
/// or the Rust type a filter expects (`&str`, `Vec<Value>`, `i64`).
fn kind_of_value(name: &str) -> Message {
    let lower = name.trim().trim_matches('`').to_ascii_lowercase();
    let number = ["number", "integer", "float", "int", "size"]
        .iter()
        .any(|w| lower.contains(w))
        || (lower.len() > 1
            && lower.starts_with(['i', 'u', 'f'])
            && lower[1..].chars().all(|c| c.is_ascii_digit()));
    if lower.contains("map") {
        msg!("template-kind-map")
    } else if lower.contains("str") {
        msg!("template-kind-text")
    } else if lower.contains("bool") {
        msg!("template-kind-bool")
    } else if number {
        msg!("template-kind-number")
    } else if lower.contains("array") || lower.contains("vec") || lower.contains('[') {
        msg!("template-kind-list")
    } else if lower == "none" {
        msg!("template-kind-none")
    } else if lower == "undefined" {
        msg!("template-kind-undefined")
    } else if lower == "bytes" {
        msg!("template-kind-bytes")
    } else {
        msg!("template-kind-other", name = name.trim().trim_matches('`'))
    }
}

fn wrong_type(expected: &str, actual: &str) -> (Message, Message) {
    (
        msg!("template-wrong-type")
            .nested("expected", kind_of_value(expected))
            .nested("actual", kind_of_value(actual)),
        msg!("template-value-help"),
    )
}

/// What Tera calls a token it found or expected (`` `}}` ``, `identifier`, `string`…).
fn token(text: &str) -> Option<Message> {
    let text = text.trim();
    Some(match text {
        "identifier" => msg!("template-token-name"),
        "attribute name" => msg!("template-token-attribute"),
        "content" | "raw content" => msg!("template-token-text"),
        "comment" => msg!("template-token-comment"),
        "string" => msg!("template-token-string"),
        "integer" | "float" => msg!("template-token-number"),
        "bool" => msg!("template-token-bool"),
        _ if text.len() > 2 && text.starts_with('`') && text.ends_with('`') => {
            msg!("template-token-code", code = &text[1..text.len() - 1])
        }
        _ if !text.is_empty() && !text.contains(char::is_whitespace) && !text.contains('`') => {
            msg!("template-token-code", code = text)
        }
        _ => return None,
    })
}

/// `Found X but expected Y.` and its variants: what was found, and what was expected when
/// Tera names one thing.
fn found(rest: &str) -> (Message, Message) {
    let syntax_help = msg!("template-tags-help");
    let (what, after) = rest.split_once(" but ").unwrap_or((rest, ""));
    let Some(found) = token(what) else {
        return (msg!("template-syntax"), syntax_help);
    };
    if after.starts_with("was expecting `elif`") {
        return (
            msg!("template-expected-end-of-if").nested("found", found),
            msg!("template-if-help"),
        );
    }
    let expected = after
        .strip_prefix("expected ")
        .map(|e| e.strip_suffix('.').unwrap_or(e))
        .and_then(token);
    match expected {
        Some(expected) => (
            msg!("template-unexpected-expected")
                .nested("found", found)
                .nested("expected", expected),
            syntax_help,
        ),
        None => (
            msg!("template-unexpected").nested("found", found),
            syntax_help,
        ),
    }
}

/// Tera's sentence for an error, told in our words: the problem and what to do. Every sentence
/// Tera 2 writes for templates is recognised by its fixed words; one not recognised is said
/// generically (a syntax error, or a value refused at this position), never shown.
fn explain(text: &str) -> (Message, Message) {
    let text = text.trim();
    let syntax_help = || msg!("template-syntax-help");
    let undefined_help = || msg!("template-undefined-help");
    let value_help = || msg!("template-value-help");
    let starts = |p: &str| text.starts_with(p);
    let has = |p: &str| text.contains(p);
    if let Some(refusal) = Refusal::decode(text) {
        return refusal.explain();
    }
    // Variables and fields.
    if let Some(name) = between(text, "Variable `", "` exists but its value is undefined") {
        return (
            msg!("template-variable-without-value", name = name),
            undefined_help(),
        );
    }
    if let Some(rest) = text.strip_prefix("Variable `")
        && let Some((name, rest)) = rest.split_once("` is not defined.")
    {
        let help = match rest.trim().strip_prefix("Available variables:") {
            Some(names) => msg!("template-variables-help", names = names_list(names)),
            None => undefined_help(),
        };
        return (msg!("template-unknown-variable", name = name), help);
    }
    if let Some(rest) = text.strip_prefix("Field `")
        && let Some((name, rest)) = rest.split_once("` is not defined")
    {
        let help = match rest
            .trim_start_matches('.')
            .trim()
            .strip_prefix("Available fields:")
        {
            Some(names) => msg!("template-fields-help", names = names_list(names)),
            None => undefined_help(),
        };
        return (msg!("template-unknown-field", name = name), help);
    }
    if starts("Cannot index into an undefined value")
        || starts("Index expression is undefined")
        || starts("Cannot slice an undefined value")
        || (starts("Slice ") && text.ends_with(" is undefined"))
        || starts("Tried to render a variable that is undefined")
        || starts("Tried to escape an undefined value")
    {
        return (msg!("template-undefined-value"), undefined_help());
    }
    // Syntax.
    if let Some(field) = between(text, "Found invalid field of `loop`: ", "")
        .and_then(|rest| rest.split_once(". Only").map(|(f, _)| f))
    {
        return (
            msg!("template-loop-field", name = field),
            msg!("template-loop-field-help"),
        );
    }
    if let Some(rest) = text.strip_prefix("Found ") {
        return found(rest);
    }
    if starts("Unexpected end of input") {
        return (
            msg!("template-unexpected-end"),
            msg!("template-unexpected-end-help"),
        );
    }
    if let Some(quote) = between(text, "String opened with `", "")
        .and_then(|rest| rest.split_once('`').map(|(q, _)| q))
    {
        return (
            msg!("template-string-not-closed"),
            msg!("template-string-not-closed-help", quote = quote),
        );
    }
    if starts("unexpected end of string") || starts("unexpected escape character") {
        return (
            msg!("template-bad-escape"),
            msg!("template-bad-escape-help"),
        );
    }
    if let Some(close) = between(text, "Closing comment tag `", "` not found") {
        return (
            msg!("template-comment-not-closed"),
            msg!("template-comment-not-closed-help", close = close),
        );
    }
    if starts("unexpected end of raw block") {
        return (
            msg!("template-raw-not-closed"),
            msg!("template-raw-not-closed-help"),
        );
    }
    if starts("Invalid float") || starts("Invalid Integer") {
        return (msg!("template-bad-number"), syntax_help());
    }
    if starts("Unexpected character") {
        return (
            msg!("template-unexpected-character"),
            msg!("template-tags-help"),
        );
    }
    if starts("Unknown tag") {
        return (
            msg!("template-unknown-tag"),
            msg!("template-unknown-tag-help"),
        );
    }
    if let Some((name, _)) = text.split_once(" is a reserved keyword of Tera") {
        return (
            msg!("template-reserved-name", name = name.trim_matches('`')),
            msg!("template-reserved-name-help"),
        );
    }
    if let Some(keyword) = text
        .split_once(" can only be used in a for loop")
        .map(|(k, _)| k.trim_matches('`'))
        .or_else(|| {
            between(text, "`", "")
                .and_then(|r| r.split_once("` cannot be used inside a ").map(|(k, _)| k))
        })
    {
        return (
            msg!("template-loop-keyword", name = keyword),
            msg!("template-loop-keyword-help"),
        );
    }
    if let Some(name) = between(text, "Template already contains a block named `", "`") {
        return (
            msg!("template-block-twice", name = name),
            msg!("template-rename-help"),
        );
    }
    if let Some(name) = between(text, "Template already contains a component named `", "`") {
        return (
            msg!("template-component-defined-twice", name = name),
            msg!("template-rename-help"),
        );
    }
    if starts("Template is already extending") || starts("`extends` ") {
        return (
            msg!("template-extends-first"),
            msg!("template-extends-help"),
        );
    }
    if starts("This content would be ignored") {
        return (
            msg!("template-outside-blocks"),
            msg!("template-outside-blocks-help"),
        );
    }
    if starts("Blocks cannot be written inside") {
        return (msg!("template-block-nested"), msg!("template-nested-help"));
    }
    if starts("Component definitions cannot be written in another tag") {
        return (
            msg!("template-component-nested"),
            msg!("template-nested-help"),
        );
    }
    if let Some(name) = between(text, "Unclosed component '", "'") {
        return (
            msg!("template-component-not-closed", name = name),
            msg!("template-component-not-closed-help", name = name),
        );
    }
    if let Some(rest) = text.strip_prefix("Closing tag '")
        && let Some((end, rest)) = rest.split_once("' doesn't match opening tag '")
    {
        let open = rest.trim_end_matches('\'');
        return (
            msg!("template-end-name", found = end, name = open),
            msg!("template-end-name-help", name = open),
        );
    }
    if has(" was named `") && has("` in the opening tag, found `") {
        let open = ticked(text).unwrap_or_default();
        let end = text
            .split_once("found `")
            .and_then(|(_, r)| r.split_once('`'))
            .map_or("", |(n, _)| n);
        return (
            msg!("template-end-name", found = end, name = open),
            msg!("template-end-name-help", name = open),
        );
    }
    if (starts("Keyword argument `") || starts("Component argument `"))
        && text.ends_with("is defined more than once")
    {
        return (
            msg!(
                "template-argument-twice",
                name = ticked(text).unwrap_or_default()
            ),
            msg!("template-argument-twice-help"),
        );
    }
    if starts("The expression is too complex")
        || starts("The template nesting is too deep")
        || starts("Identifiers can only have up to")
        || starts("Arrays can have a maximum of")
    {
        return (
            msg!("template-too-complex"),
            msg!("template-too-complex-help"),
        );
    }
    // Names that do not exist (found while linking templates).
    if let Some(name) = between(text, "Unknown filter `", "`") {
        let help = match crate::diagnostics::suggest(name, super::env::FILTERS.iter().copied()) {
            Some(near) => msg!("template-did-you-mean", name = near),
            None => msg!(
                "template-unknown-filter-help",
                filters = super::env::EXTRA_FILTERS.join(", ")
            ),
        };
        return (msg!("template-unknown-filter", name = name), help);
    }
    if let Some(name) = between(text, "Unknown test `", "`") {
        let help = match crate::diagnostics::suggest(name, super::env::TESTS.iter().copied()) {
            Some(near) => msg!("template-did-you-mean", name = near),
            None => msg!("template-unknown-test-help"),
        };
        return (msg!("template-unknown-test", name = name), help);
    }
    if let Some(name) = between(text, "Unknown function `", "`") {
        let help = match crate::diagnostics::suggest(name, super::env::FUNCTIONS.iter().copied()) {
            Some(near) => msg!("template-did-you-mean", name = near),
            None => msg!("template-unknown-function-help"),
        };
        return (msg!("template-unknown-function", name = name), help);
    }
    if let Some(name) = between(text, "Unknown component `", "`") {
        return (
            msg!("template-unknown-component", name = name),
            msg!("template-unknown-component-help"),
        );
    }
    if let Some(name) = between(text, "Unknown template `", "`") {
        return (
            msg!("template-not-found", name = name),
            msg!("template-not-found-help"),
        );
    }
    if let Some(name) = between(text, "Block `", "` is not defined in any parent template") {
        return (
            msg!("template-block-not-in-parent", name = name),
            msg!("template-block-not-in-parent-help"),
        );
    }
    // Values and operations, while rendering.
    if let Some(rest) = text.strip_prefix("Cannot compare `")
        && let Some((left, right)) = rest.trim_end_matches('`').split_once("` with `")
    {
        return (
            msg!("template-cannot-compare")
                .nested("left", kind_of_value(left))
                .nested("right", kind_of_value(right)),
            value_help(),
        );
    }
    if let Some(rest) = text.strip_prefix("`+` requires both operands to be numbers, found `")
        && let Some((left, right)) = rest.trim_end_matches('`').split_once("` and `")
    {
        return (
            msg!("template-plus-not-numbers")
                .nested("left", kind_of_value(left))
                .nested("right", kind_of_value(right)),
            msg!("template-plus-help"),
        );
    }
    if starts("Math operations can only be done on numbers")
        || starts("Only numbers can be used in arithmetic")
        || starts("Only numbers can be negated")
    {
        let kind = ticked(text).unwrap_or_default();
        return (
            msg!("template-not-a-number").nested("kind", kind_of_value(kind)),
            msg!("template-plus-help"),
        );
    }
    if has("divide by 0") {
        return (
            msg!("template-division-by-zero"),
            msg!("template-division-by-zero-help"),
        );
    }
    if starts("Unable to perform")
        || has("is out of range for integer")
        || (starts("Cannot negate") && has("overflow"))
    {
        return (msg!("template-number-too-large"), value_help());
    }
    if let Some(kind) = between(text, "Iteration not possible on type `", "`") {
        return (
            msg!("template-not-iterable").nested("kind", kind_of_value(kind)),
            msg!("template-not-iterable-help"),
        );
    }
    if starts("Key/value iteration is not possible on type") {
        return (
            msg!("template-not-a-map")
                .nested("kind", kind_of_value(ticked(text).unwrap_or_default())),
            msg!("template-not-iterable-help"),
        );
    }
    if starts("Spread operator requires") {
        let kind = text.rsplit_once("found ").map_or("", |(_, k)| k);
        return (
            msg!("template-spread").nested("kind", kind_of_value(kind)),
            value_help(),
        );
    }
    if (has(" index must be an integer, got `") || has(" must be an integer, got `"))
        || starts("Map keys must be strings, integers, or bools")
        || starts("Not a valid key type")
    {
        let kind = text
            .rsplit_once("got `")
            .map_or("", |(_, k)| k.trim_end_matches(['.', '`']));
        return (
            msg!("template-bad-index").nested("kind", kind_of_value(kind)),
            value_help(),
        );
    }
    if starts("Slicing can only be used on arrays or strings")
        || starts("`in` cannot be used on a container of type")
        || (starts("Value of type ") && has("cannot be reversed"))
    {
        let kind = ticked(text)
            .filter(|k| *k != "in")
            .or_else(|| {
                text.split_once("`, not on `")
                    .map(|(_, k)| k.trim_end_matches(['.', '`']))
            })
            .or_else(|| between(text, "Value of type ", " cannot be reversed"))
            .unwrap_or_default();
        let kind = text
            .split_once("container of type `")
            .map_or(kind, |(_, r)| r.split('`').next().unwrap_or(kind));
        return (
            msg!("template-wrong-kind").nested("kind", kind_of_value(kind)),
            value_help(),
        );
    }
    if starts("super() called outside of a block")
        || starts("Tried to use super() in the top level block")
    {
        return (msg!("template-super"), msg!("template-super-help"));
    }
    if let Some(rest) = text.strip_prefix("Invalid type for the value, expected `")
        && let Some((expected, actual)) = rest.trim_end_matches('`').split_once("` but got `")
    {
        return wrong_type(expected, actual);
    }
    if let Some(name) = between(text, "Missing keyword argument `", "`") {
        return (msg!("template-missing-argument", name = name), value_help());
    }
    if let Some(rest) = text.strip_prefix("Value `")
        && let Some((value, _)) = rest.split_once("` is out of range for `")
    {
        return (msg!("template-out-of-range", value = value), value_help());
    }
    if let Some(rest) = text.strip_prefix("Unknown argument(s) ") {
        let (unknown, possible) = rest.split_once(" in component call.").unwrap_or((rest, ""));
        let help = match possible.trim().strip_prefix("Possible argument(s) are:") {
            Some(names) => msg!(
                "template-component-arguments-help",
                names = ticked_list(names)
            ),
            None => msg!("template-component-no-arguments-help"),
        };
        return (
            msg!(
                "template-component-unknown-argument",
                names = ticked_list(unknown)
            ),
            help,
        );
    }
    if let Some(rest) = text.strip_prefix("Component argument `")
        && let Some((name, rest)) = rest.split_once("` (type: `")
        && let Some((actual, expected)) = rest.split_once("`) does not match expected type: `")
    {
        return (
            msg!("template-component-argument-type", name = name)
                .nested("expected", kind_of_value(expected.trim_end_matches('`')))
                .nested("actual", kind_of_value(actual)),
            value_help(),
        );
    }
    if (starts("Argument `") && text.ends_with("missing."))
        || (starts("Implicit argument `") && has("not found in context"))
    {
        return (
            msg!(
                "template-component-missing-argument",
                name = ticked(text).unwrap_or_default()
            ),
            value_help(),
        );
    }
    if starts("Function `range`") {
        return (msg!("template-range"), msg!("template-range-help"));
    }
    if starts("Invalid UTF-8") {
        return (msg!("template-utf8"), msg!("template-utf8-help"));
    }
    if starts("Maximum render recursion depth") {
        return (
            msg!("template-recursion-limit"),
            msg!("template-recursion-help"),
        );
    }
    // Another syntax error (the parser's sentences are the only ones without a value's type).
    if starts("Unknown ")
        || has("syntax")
        || has(" cannot be used ")
        || has("are only allowed")
        || has("must use tag syntax")
        || has("is not allowed after")
        || has("is only valid here")
        || has(" is reserved ")
        || has("Rest parameter")
        || has("Default value for")
        || has("should only contain literal values")
        || has("single `for` clause")
        || has("Expected \"string\"")
        || has("Found ")
    {
        return (msg!("template-syntax"), syntax_help());
    }
    (msg!("template-value-refused"), value_help())
}

/// What one of gen's own filters or functions refuses. Tera keeps only the text of a filter's
/// error, so a refusal travels as a text only gen writes (private-use characters around its
/// parts) and is told in our words by `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The filter cannot read this value as a date.
    NotADate { filter: String, value: String },
    /// The filter was given a value of this type (Tera's name), not a date.
    NotADateKind { filter: String, kind: String },
    /// The filter cannot use this date format.
    DateFormat { filter: String, format: String },
    /// No time zone has this name.
    TimeZone { filter: String, zone: String },
    /// The filter cannot write this date (locale data).
    DateUnwritable { filter: String },
    /// `get_url(…, cachebust=true)` names no static file.
    NoStaticFile { path: String },
    /// The template stops the build with its own words (`throw(message=…)`).
    Thrown { message: String },
}

/// Opens an encoded refusal, and separates its parts.
const REFUSAL: char = '\u{E000}';
const PART: char = '\u{E001}';

impl Refusal {
    /// The error a filter or function returns to Tera.
    pub fn error(self) -> tera::Error {
        tera::Error::message(self.encode())
    }

    fn encode(&self) -> String {
        let parts: Vec<&str> = match self {
            Refusal::NotADate { filter, value } => vec!["date", filter, value],
            Refusal::NotADateKind { filter, kind } => vec!["kind", filter, kind],
            Refusal::DateFormat { filter, format } => vec!["format", filter, format],
            Refusal::TimeZone { filter, zone } => vec!["zone", filter, zone],
            Refusal::DateUnwritable { filter } => vec!["unwritable", filter],
            Refusal::NoStaticFile { path } => vec!["static", path],
            Refusal::Thrown { message } => vec!["thrown", message],
        };
        let mut text = String::from(REFUSAL);
        text.push_str(&parts.join(&PART.to_string()));
        text
    }

    fn decode(text: &str) -> Option<Refusal> {
        let rest = text.strip_prefix(REFUSAL)?;
        let parts: Vec<String> = rest.split(PART).map(str::to_string).collect();
        let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
        Some(match parts.first()?.as_str() {
            "date" => Refusal::NotADate {
                filter: part(1),
                value: part(2),
            },
            "kind" => Refusal::NotADateKind {
                filter: part(1),
                kind: part(2),
            },
            "format" => Refusal::DateFormat {
                filter: part(1),
                format: part(2),
            },
            "zone" => Refusal::TimeZone {
                filter: part(1),
                zone: part(2),
            },
            "unwritable" => Refusal::DateUnwritable { filter: part(1) },
            "static" => Refusal::NoStaticFile { path: part(1) },
            "thrown" => Refusal::Thrown { message: part(1) },
            _ => return None,
        })
    }

    fn explain(self) -> (Message, Message) {
        let date_help = |filter: &str| match filter {
            "date_fr" => msg!("template-date-fr-help"),
            _ => msg!("template-date-help"),
        };
        match self {
            Refusal::NotADate { filter, value } => (
                msg!("template-not-a-date", filter = &filter, value = value),
                msg!("template-not-a-date-help"),
            ),
            Refusal::NotADateKind { filter, kind } => (
                msg!("template-not-a-date-kind", filter = &filter)
                    .nested("kind", kind_of_value(&kind)),
                msg!("template-not-a-date-help"),
            ),
            Refusal::DateFormat { filter, format } => (
                msg!("template-date-format", filter = &filter, format = format),
                date_help(&filter),
            ),
            Refusal::TimeZone { filter, zone } => (
                msg!("template-time-zone", filter = &filter, zone = zone),
                msg!("template-time-zone-help"),
            ),
            Refusal::DateUnwritable { filter } => (
                msg!("template-date-unwritable", filter = &filter),
                date_help(&filter),
            ),
            Refusal::NoStaticFile { path } => (
                msg!("template-no-static-file", path = path),
                msg!("template-no-static-file-help"),
            ),
            Refusal::Thrown { message } => (
                msg!("template-thrown", message = message),
                msg!("template-thrown-help"),
            ),
        }
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

    /// The diagnostics of `templates` (the first one rendered as `page.html` with a `page`
    /// value): every template error gen reports, in English, with its hint and position.
    fn problems(templates: &[(&str, &str)]) -> Vec<(String, String, String)> {
        let config = crate::config::parse(
            "title = \"S\"\nbase_url = \"https://e.org/\"\n",
            std::path::Path::new("site.toml"),
        )
        .unwrap();
        let sources: Vec<TemplateSource> = templates.iter().map(|(n, t)| template(n, t)).collect();
        let locator = Locator::new(&sources);
        let mut tera = super::super::env::base_tera(&config, &Default::default());
        let shown = |d: Vec<Diagnostic>| {
            d.into_iter()
                .map(|d| {
                    (
                        d.location(),
                        d.message.en(),
                        d.help.as_ref().map(Message::en).unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        };
        for source in &sources {
            if let Err(err) = tera.clone().add_raw_template(&source.name, &source.text)
                && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
            {
                return shown(locator.diagnostics(&err, None));
            }
        }
        if let Err(err) = tera.add_raw_templates(templates.iter().copied()) {
            return shown(locator.diagnostics(&err, None));
        }
        let mut ctx = tera::Context::new();
        ctx.insert(
            "page",
            &std::collections::BTreeMap::from([("title", "T"), ("date", "2015-05-18")]),
        );
        let name = templates[0].0;
        match tera.render(name, &ctx) {
            Ok(_) => Vec::new(),
            Err(err) => {
                let rendering = Rendering {
                    template: name,
                    page: Page::Output("articles/a/index.html"),
                };
                shown(locator.diagnostics(&err, Some(rendering)))
            }
        }
    }

    /// One template's error, in English, and its hint.
    fn problem(text: &str) -> (String, String) {
        let found = problems(&[("page.html", text)]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let (_, message, help) = found.into_iter().next().unwrap();
        (message, help)
    }

    #[test]
    fn syntax_errors_are_said_in_our_words_at_their_position() {
        let found = problems(&[("page.html", "<h1>\n{{ page.title }</h1>")]);
        assert_eq!(found[0].0, "templates/page.html:2:15");
        assert_eq!(found[0].1, "expected `}}` here, found `}`");
        assert_eq!(
            found[0].2,
            "values are written {{ … }}, tags {% … %} and comments {# … #}; check that each one is closed"
        );
        for (text, expected) in [
            (
                "{% if x %}a",
                "the template ends in the middle of a tag or a block",
            ),
            ("{{ 'a }}", "this quoted text is never closed"),
            ("{# a", "this comment is never closed"),
            ("{% frobnicate %}", "unknown tag"),
            (
                "{% set loop = 1 %}",
                "`loop` is a reserved word of templates and cannot be used as a name",
            ),
            (
                "{% break %}",
                "`break` can only be used directly in a `for` loop",
            ),
            (
                "{% for x in y %}{{ loop.truc }}{% endfor %}",
                "`loop` has no field `truc`",
            ),
            (
                "{% block a %}{% endblock a %}{% block a %}{% endblock a %}",
                "this template already has a block named `a`",
            ),
            (
                "{% block a %}{% endblock b %}",
                "this end tag names `b`, but the tag it closes is `a`",
            ),
            ("{{ f(a=1, a=2) }}", "argument `a` is given twice"),
        ] {
            assert_eq!(problem(text).0, expected, "{text}");
        }
    }

    #[test]
    fn unknown_names_get_a_suggestion_or_the_list() {
        let (message, help) = problem("{{ page.title | majuscules }}");
        assert_eq!(message, "unknown filter `majuscules`");
        assert_eq!(
            help,
            "available extra filters: date, date_fr, typo_fr; see the Tera 2 documentation for built-in ones"
        );
        assert_eq!(
            problem("{{ page.title | uper }}").1,
            "did you mean `upper`?"
        );
        assert_eq!(
            problem("{{ page.title | typo_f }}").1,
            "did you mean `typo_fr`?"
        );
        assert_eq!(
            problem("{% if a is defind %}{% endif %}").0,
            "unknown test `defind`"
        );
        assert_eq!(
            problem("{{ get_ur(path='a') }}").1,
            "did you mean `get_url`?"
        );
        assert_eq!(
            problem("{% include \"absent.html\" %}").0,
            "template `absent.html` not found"
        );
    }

    #[test]
    fn rendering_errors_name_the_page_and_others_can_be_counted() {
        let found = problems(&[("page.html", "<p>{{ page.sous_titre }}</p>")]);
        assert_eq!(found[0].0, "templates/page.html:1:12");
        assert_eq!(
            found[0].1,
            "field `sous_titre` is not defined (while rendering articles/a/index.html)"
        );
        assert_eq!(
            found[0].2,
            "the fields here are `date`, `title`; use `{{ x | default(value=\"\") }}` or `{% if x is defined %}` for optional values"
        );
        for (text, expected) in [
            ("{{ nulle_part }}", "`nulle_part` is not defined"),
            ("{{ 1 / 0 }}", "division by zero"),
            ("{{ 'a' + 1 }}", "`+` adds numbers, not a text and a number"),
            (
                "{% for x in 3 %}{% endfor %}",
                "`for` cannot go through a number",
            ),
            (
                "{% if page < 3 %}{% endif %}",
                "cannot compare a map (keys and values) with a number",
            ),
            (
                "{{ page.title | date_fr }}",
                "`date_fr` cannot read \"T\" as a date",
            ),
            (
                "{{ page.date | date_fr(format=\"%Y\") }}",
                "`date_fr` cannot use the format \"%Y\"",
            ),
            (
                "{{ page.date | date(timezone=\"Mars/Olympus\") }}",
                "`date`: unknown time zone \"Mars/Olympus\"",
            ),
            (
                "{{ page | date_fr }}",
                "`date_fr` needs a date, not a map (keys and values)",
            ),
            (
                "{{ get_url(path='absent.css', cachebust=true) }}",
                "`get_url`: no static file \"absent.css\" to cache-bust",
            ),
            (
                "{{ throw(message='pas de titre') }}",
                "the template stops the build: \"pas de titre\"",
            ),
            (
                "{{ page.title | truncate(length='a') }}",
                "a number is expected here, not a text",
            ),
        ] {
            let (message, _) = problem(text);
            assert_eq!(
                message,
                format!("{expected} (while rendering articles/a/index.html)"),
                "{text}"
            );
        }
        let found = problems(&[("page.html", "{{ page.title | truncate(length='a') }}")]);
        let d = Diagnostic::error(
            "t",
            1,
            1,
            msg!("template-while-rendering", others = 0usize)
                .nested("problem", msg!("template-division-by-zero"))
                .nested("page", Page::Output("a/index.html").message()),
        );
        assert!(!found.is_empty());
        assert_eq!(
            d.message.clone().with("others", 2usize).en(),
            "division by zero (while rendering a/index.html and 2 other pages)"
        );
        assert_eq!(
            d.message
                .with("others", 1usize)
                .render(crate::messages::Lang::Fr),
            "division par zéro (en produisant a/index.html et une autre page)"
        );
    }

    #[test]
    fn linking_errors_are_each_located() {
        let found = problems(&[
            ("page.html", "{% include \"a.html\" %}"),
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include \"a.html\" %}"),
        ]);
        assert_eq!(
            found,
            [(
                "templates/a.html".to_string(),
                "templates include each other in a circle: `a.html` → `b.html` → `a.html`"
                    .to_string(),
                "a template includes or extends itself through a chain; break the cycle"
                    .to_string()
            )]
        );
        let found = problems(&[("page.html", "{{ a | x }}\n{{ b | y }}")]);
        let messages: Vec<(&str, &str)> = found
            .iter()
            .map(|(l, m, _)| (l.as_str(), m.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                ("templates/page.html:1:8", "unknown filter `x`"),
                ("templates/page.html:2:8", "unknown filter `y`")
            ]
        );
    }

    /// Whatever Tera says, the French message holds none of its sentence.
    #[test]
    fn no_tera_sentence_reaches_the_french_text() {
        for text in [
            "{{ page.title }",
            "{{ page.sous_titre }}",
            "{{ 1 / 0 }}",
            "{% for x in 3 %}{% endfor %}",
            "{{ page.title | majuscules }}",
            "{{ page.title | date_fr }}",
            "{% if x %}",
            "{{ [1, 2][page] }}",
            "{{ page.title | default(valeur=1) }}",
            "{{ range(end=-3) }}",
            "{% extends \"page.html\" %}",
        ] {
            for (_, en, help) in problems(&[("page.html", text)]) {
                for tera in [
                    "Found", "Variable", "Field", "Cannot", "Unknown", "Invalid", "Template",
                    "Missing", "Circular",
                ] {
                    assert!(
                        !en.contains(tera) && !help.contains(tera),
                        "{text}: {en} / {help}"
                    );
                }
            }
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
