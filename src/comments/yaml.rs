//! The YAML of comments files, read with positions (saphyr's event parser): the top-level list,
//! each entry's keys and values with their exact byte ranges, and no more. Nothing deeper is
//! kept, aliases are never expanded (an alias is a value of its own kind), and no value is
//! resolved to a number or a boolean: a scalar is the text written.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::messages::Message;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    /// `|` or `>`.
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Scalar {
        value: String,
        style: Style,
        /// Written as nothing, `~` or `null` (plain).
        null: bool,
        /// A tag other than `!!str`.
        tag: Option<String>,
    },
    Alias,
    Sequence,
    Mapping,
}

impl Kind {
    pub fn is_null(&self) -> bool {
        matches!(self, Kind::Scalar { null: true, .. })
    }

    /// A non-null scalar holding exactly `text`.
    pub fn is_text(&self, text: &str) -> bool {
        matches!(self, Kind::Scalar { value, null: false, .. } if value == text)
    }

    /// What the node is, as messages name it ("a list").
    pub fn described(&self) -> Message {
        match self {
            Kind::Scalar { .. } => msg!("comments-kind-value"),
            Kind::Alias => msg!("comments-kind-alias"),
            Kind::Sequence => msg!("comments-kind-list"),
            Kind::Mapping => msg!("comments-kind-mapping"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    /// 1-based line and column (in characters) where the node starts, tags included.
    pub line: usize,
    pub col: usize,
    /// The last line holding part of it.
    pub last_line: usize,
    /// Its own bytes: quotes included, tags and anchors in front not; from the `|` or `>` to
    /// the last character for a block scalar; brackets included for a flow collection. A
    /// scalar written as nothing is empty, at the end of its key.
    pub start: usize,
    pub end: usize,
    /// A `{…}` or `[…]` collection.
    pub flow: bool,
    /// Whether `start..end` is exactly the value (false for a block scalar whose `|` or `>`
    /// could not be found after its key).
    pub exact: bool,
    /// For an entry of the top-level list that is a mapping: its keys and values in order.
    pub pairs: Vec<(Node, Node)>,
}

impl Node {
    /// The text of a scalar (`None` when written as nothing), or why the value is not text: a
    /// message whose value `name` (the key) the caller gives.
    pub fn scalar_text(&self) -> Result<Option<&str>, Message> {
        match &self.kind {
            Kind::Scalar { tag: Some(tag), .. } => Err(msg!("comments-field-tagged", tag = tag)),
            Kind::Scalar { null: true, .. } => Ok(None),
            Kind::Scalar { value, .. } => Ok(Some(value)),
            Kind::Alias => Err(msg!("comments-field-alias")),
            Kind::Sequence => Err(msg!("comments-field-list")),
            Kind::Mapping => Err(msg!("comments-field-mapping")),
        }
    }
}

/// The first YAML document of a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// `None` for a file without any value (empty, or only comments).
    pub root: Option<Node>,
    /// When the root is a list: its entries.
    pub items: Vec<Node>,
    /// Line and column of a second document, which is not read.
    pub more: Option<(usize, usize)>,
}

/// Where the YAML stops being valid, and what is wrong there, in our words.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub problem: Message,
}

/// What is being read: the top-level list, one of its entries, or a collection that is only
/// skipped (its extent is all that is kept).
enum Frame {
    Items(Node, Vec<Node>),
    Entry(Node, Option<Node>),
    Skip(Node, Vec<bool>),
}

impl Frame {
    fn node(&mut self) -> &mut Node {
        match self {
            Frame::Items(node, _) | Frame::Entry(node, _) | Frame::Skip(node, _) => node,
        }
    }
}

/// Reads the first document of `text`: the parser's events are folded into nodes by a
/// [`Reader`], and reading stops at the start of a second document (only its place is kept).
pub fn read(text: &str) -> Result<Document, SyntaxError> {
    let mut reader = Reader::new(text);
    let mut ended = false;
    let mut more = None;
    for result in Parser::new_from_str(text) {
        let (event, span) = result.map_err(|e| SyntaxError {
            line: e.marker().line(),
            col: e.marker().col() + 1,
            problem: syntax_problem(e.info()),
        })?;
        let done = match event {
            Event::DocumentStart(_) if ended => {
                more = Some((span.start.line(), span.start.col() + 1));
                break;
            }
            Event::DocumentEnd => {
                ended = true;
                None
            }
            Event::StreamEnd => break,
            Event::Scalar(value, style, _, tag) => {
                Some(scalar(text, &mut reader.at, span, &value, style, tag))
            }
            Event::Alias(_) => Some(reader.node(Kind::Alias, span, false)),
            Event::SequenceStart(..) => {
                reader.open(Kind::Sequence, span);
                None
            }
            Event::MappingStart(..) => {
                reader.open(Kind::Mapping, span);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => reader.close(span)?,
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
        };
        if let Some(child) = done {
            reader.attach(child);
        }
    }
    Ok(Document {
        root: reader.root,
        items: reader.items,
        more,
    })
}

/// The parser's explanation in our words. saphyr-parser has no error kinds, only its English
/// sentence: it is sorted here by the words it uses into the mistakes an editor makes, never
/// shown as it is.
fn syntax_problem(info: &str) -> Message {
    let has = |words: &[&str]| words.iter().any(|w| info.contains(w));
    if has(&["tab"]) {
        msg!("comments-yaml-tab")
    } else if has(&[
        "quoted scalar, found unexpected",
        "indentation in quoted scalar",
    ]) {
        msg!("comments-yaml-unclosed-quote")
    } else if has(&["escape", "hexadecimal", "Unicode character"]) {
        msg!("comments-yaml-escape")
    } else if has(&[
        "mapping values are not allowed",
        "':' ",
        "':' must",
        "illegal placement of ':'",
    ]) {
        msg!("comments-yaml-colon")
    } else if has(&[
        "flow sequence",
        "flow mapping",
        "bracket",
        "flow construct",
        "`[{`",
    ]) {
        msg!("comments-yaml-brackets")
    } else if has(&["anchor", "alias"]) {
        msg!("comments-yaml-anchor")
    } else if has(&[
        "indent",
        "block collection",
        "block mapping",
        "block sequence",
        "simple key",
    ]) {
        msg!("comments-yaml-indentation")
    } else if has(&["unprintable", "byte order mark"]) {
        msg!("comments-yaml-control")
    } else if has(&["tag", "TAG", "handle"]) {
        msg!("comments-yaml-tag")
    } else if has(&["directive"]) {
        msg!("comments-yaml-directive")
    } else if has(&["recursion limit"]) {
        msg!("comments-yaml-too-deep")
    } else {
        msg!("comments-yaml-syntax")
    }
}

/// The state of [`read`] between two events: the collections open, innermost last, and what
/// is done so far.
struct Reader<'a> {
    text: &'a str,
    at: Offsets<'a>,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// The entries of the top-level list, once it is closed.
    items: Vec<Node>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: Offsets::new(text),
            stack: Vec::new(),
            root: None,
            items: Vec::new(),
        }
    }

    /// A node spanning `span` (a flow collection ends where it starts until it is closed).
    fn node(&mut self, kind: Kind, span: Span, flow: bool) -> Node {
        let start = self.at.byte(span.start.index());
        let end = self.at.byte(span.end.index());
        Node {
            kind,
            line: span.start.line(),
            col: span.start.col() + 1,
            last_line: span.end.line(),
            start,
            end: if flow { start } else { end },
            flow,
            exact: true,
            pairs: Vec::new(),
        }
    }

    /// A list or mapping starts: the top-level list, an entry (a mapping in that list), or a
    /// collection that is only skipped; inside a skipped one, only whether it is a flow
    /// collection is kept.
    fn open(&mut self, kind: Kind, span: Span) {
        let mapping = kind == Kind::Mapping;
        let start = self.at.byte(span.start.index());
        let flow = self.text[start..].starts_with(['[', '{']);
        let mut new = self.node(kind, span, flow);
        new.end = start;
        match self.stack.last_mut() {
            Some(Frame::Skip(_, inner)) => inner.push(flow),
            None if !mapping => self.stack.push(Frame::Items(new, Vec::new())),
            Some(Frame::Items(..)) if mapping => self.stack.push(Frame::Entry(new, None)),
            _ => self.stack.push(Frame::Skip(new, Vec::new())),
        }
    }

    /// A list or mapping ends: a collection inside a skipped one widens it (when it is a flow
    /// collection), anything else is done and returned (the top-level list keeps its entries
    /// in `items`).
    fn close(&mut self, span: Span) -> Result<Option<Node>, SyntaxError> {
        let close = self.at.byte(span.end.index());
        let top = self.stack.last_mut().ok_or_else(|| SyntaxError {
            line: span.start.line(),
            col: span.start.col() + 1,
            problem: msg!("comments-yaml-unbalanced"),
        })?;
        if let Frame::Skip(node, inner) = top
            && let Some(flow) = inner.pop()
        {
            if flow {
                node.end = node.end.max(close);
                node.last_line = node.last_line.max(span.end.line());
            }
            return Ok(None);
        }
        let mut frame = self.stack.pop().expect("a frame is open");
        let node = frame.node();
        if node.flow {
            node.end = close;
            node.last_line = span.end.line();
        }
        Ok(Some(match frame {
            Frame::Items(node, list) => {
                self.items = list;
                node
            }
            Frame::Entry(node, _) | Frame::Skip(node, _) => node,
        }))
    }

    /// A node is done: it widens the collection holding it and becomes one of its entries,
    /// or a key, or the value of the key before it (when that collection is an entry); with
    /// no collection open, it is the root.
    fn attach(&mut self, child: Node) {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(child);
            return;
        };
        let node = parent.node();
        node.end = node.end.max(child.end);
        node.last_line = node.last_line.max(child.last_line);
        match parent {
            Frame::Items(_, list) => list.push(child),
            Frame::Entry(node, key) => match key.take() {
                None => *key = Some(child),
                Some(k) => {
                    let value = block_header(self.text, &k, child);
                    node.pairs.push((k, value));
                }
            },
            Frame::Skip(..) => {}
        }
    }
}

/// A scalar node with its exact byte range (saphyr's span of a quoted scalar can run over
/// the spaces and comment after it; tags and anchors are skipped).
fn scalar(
    text: &str,
    at: &mut Offsets,
    span: Span,
    value: &str,
    style: ScalarStyle,
    tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>,
) -> Node {
    let from = at.byte(span.start.index());
    let to = at.byte(span.end.index()).max(from);
    let style = match style {
        ScalarStyle::SingleQuoted => Style::Single,
        ScalarStyle::DoubleQuoted => Style::Double,
        ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
        _ => Style::Plain,
    };
    let mut start = from;
    if style != Style::Block {
        // `!tag` and `&anchor` in front of the value.
        while text[start..].starts_with(['!', '&']) {
            let rest = &text[start..];
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let rest = &rest[word..];
            start += word + (rest.len() - rest.trim_start().len());
        }
        start = start.min(to);
    }
    let end = match style {
        Style::Plain => to.max(start),
        Style::Single => closing(text, start, '\'').unwrap_or(to),
        Style::Double => closing(text, start, '"').unwrap_or(to),
        Style::Block => {
            let content = &text[from..to];
            from + content.trim_end_matches([' ', '\t', '\r', '\n']).len()
        }
    };
    let null = style == Style::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL");
    let tag = tag
        .filter(|t| t.suffix != "str")
        .map(|t| format!("{}{}", t.handle, t.suffix));
    let last_line = span.start.line() + text[start.min(end)..end].matches('\n').count();
    Node {
        kind: Kind::Scalar {
            value: value.to_string(),
            style,
            null,
            tag,
        },
        line: span.start.line(),
        col: span.start.col() + 1,
        last_line,
        start,
        end,
        flow: false,
        exact: true,
        pairs: Vec::new(),
    }
}

/// Just past the quote closing the scalar that opens at `start`.
fn closing(text: &str, start: usize, quote: char) -> Option<usize> {
    let mut chars = text[start..].char_indices();
    if chars.next()?.1 != quote {
        return None;
    }
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && text[start + i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return Some(start + i + 1);
            }
        }
    }
    None
}

/// A block scalar value starts at its `|` or `>` after the key (saphyr's span starts at its
/// first line of content).
fn block_header(text: &str, key: &Node, mut value: Node) -> Node {
    if let Kind::Scalar {
        style: Style::Block,
        ..
    } = value.kind
    {
        let rest = &text[key.end..value.start.max(key.end)];
        let header = rest
            .trim_start_matches([' ', '\t'])
            .strip_prefix(':')
            .map(|after| after.trim_start_matches([' ', '\t']))
            .filter(|after| after.starts_with(['|', '>']));
        match header {
            Some(after) => value.start = key.end + rest.len() - after.len(),
            // Tags or comments in between: the value cannot be replaced in place.
            None => value.exact = false,
        }
    }
    value
}

/// Character indices (saphyr's markers) to byte offsets. Events come almost in order, so a
/// cursor walking from the last position is enough.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        while self.chars < index && self.bytes < self.text.len() {
            let c = self.text[self.bytes..].chars().next().unwrap_or_default();
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > index {
            let c = self.text[..self.bytes]
                .chars()
                .next_back()
                .unwrap_or_default();
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }
}
