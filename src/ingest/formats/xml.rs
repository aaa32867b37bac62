//! A small located XML tree over quick-xml, for the XML formats (TimeML, MEANTIME CAT).
//!
//! Annotated news files are small and their importers look things up by id in every
//! direction, so the whole document is read into a tree whose elements remember the byte
//! offset where they start (for `file:line:column` diagnostics). Text keeps its entities
//! decoded (`&amp;` is `&`) and its whitespace as written.

use quick_xml::events::{BytesStart, Event};

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// Byte offset of the `<` that opens it.
    pub pos: usize,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// Why a document is not well-formed XML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub pos: usize,
    pub message: String,
}

impl Element {
    /// The value of an attribute; an empty value counts as absent (real files write
    /// `modality=""` for "none").
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }

    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Child elements with this name.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first descendant (or itself) with this name, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.elements().find_map(|e| e.find(name))
    }

    /// All its text, tags removed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Read a whole document whose root element must be `<root>`; `what` names such a document
/// for the error ("expected a <TimeML> document, found <html>").
pub fn parse_document(text: &str, root: &str, what: &str) -> Result<Element, XmlError> {
    let element = parse(text)?;
    if element.name != root {
        return Err(XmlError { pos: element.pos, message: format!("expected {what}, found <{}>", element.name) });
    }
    Ok(element)
}

/// Elements nested deeper than this are refused: the tree is walked (and dropped) by
/// recursion, and hostile input must not overflow the stack. Real documents nest a few
/// levels.
const MAX_DEPTH: usize = 256;

/// Read a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| XmlError { pos: reader.error_position() as usize, message: format!("invalid XML: {e}") })?;
        match event {
            Event::Start(start) => {
                if stack.len() == MAX_DEPTH {
                    return Err(XmlError {
                        pos,
                        message: format!("invalid XML: nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(element(&start, pos)?);
            }
            Event::Empty(start) => {
                let e = element(&start, pos)?;
                attach(&mut stack, &mut root, Node::Element(e), pos)?;
            }
            Event::End(_) => {
                let done = stack.pop().expect("quick-xml checks that end tags match");
                attach(&mut stack, &mut root, Node::Element(done), pos)?;
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| XmlError { pos, message: format!("invalid text: {e}") })?;
                push_text(&mut stack, &s, pos)?;
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| XmlError { pos, message: format!("invalid text: {e}") })?;
                push_text(&mut stack, &s, pos)?;
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| XmlError { pos, message: format!("invalid reference: {e}") })?;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => predefined(&name)
                        .ok_or_else(|| XmlError { pos, message: format!("unknown entity '&{name};'") })?
                        .to_string(),
                    Err(e) => return Err(XmlError { pos, message: format!("invalid character reference: {e}") }),
                };
                push_text(&mut stack, &resolved, pos)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError {
            pos: text.len(),
            message: format!("unexpected end of file: <{}> is not closed (is the file truncated?)", open.name),
        });
    }
    root.ok_or(XmlError { pos: 0, message: "no XML element in the file".to_string() })
}

fn element(start: &BytesStart<'_>, pos: usize) -> Result<Element, XmlError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| XmlError { pos, message: format!("invalid attribute in <{name}>: {e}") })?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|e| XmlError { pos, message: format!("invalid value of {key} in <{name}>: {e}") })?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element { name, attributes, pos, children: Vec::new() })
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, node: Node, pos: usize) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => match (root.is_some(), node) {
            (false, Node::Element(e)) => *root = Some(e),
            _ => return Err(XmlError { pos, message: "a second root element after the first".to_string() }),
        },
    }
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str, pos: usize) -> Result<(), XmlError> {
    let Some(parent) = stack.last_mut() else {
        if text.trim().is_empty() {
            return Ok(());
        }
        return Err(XmlError { pos, message: "text outside the root element".to_string() });
    };
    match parent.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => parent.children.push(Node::Text(text.to_string())),
    }
    Ok(())
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// The name of the root element, read from the start of the text without parsing it all:
/// how XML files are told apart.
pub fn root_name(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => return Some(String::from_utf8_lossy(e.name().as_ref()).into_owned()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_entities_are_kept_with_element_positions() {
        let doc = parse("<?xml version=\"1.0\"?>\n<A x=\"1\"><B> Taking</B> &amp; more<C y=\"\"/></A>").unwrap();
        assert_eq!(doc.name, "A");
        assert_eq!(doc.pos, 22);
        assert_eq!(doc.attr("x"), Some("1"));
        assert_eq!(doc.text(), " Taking & more");
        let c = doc.find("C").unwrap();
        assert_eq!(c.attr("y"), None, "empty attributes count as absent");
        assert_eq!(doc.find("B").unwrap().pos, 31);
    }

    #[test]
    fn malformed_documents_are_located() {
        let e = parse("<A><B></A>").unwrap_err();
        assert!(e.message.starts_with("invalid XML"), "{e:?}");
        let e = parse("<A><B>text").unwrap_err();
        assert_eq!(e.message, "unexpected end of file: <B> is not closed (is the file truncated?)");
        assert_eq!(root_name("<?xml version='1.0'?><TimeML><DOCID>x</DOCID></TimeML>").as_deref(), Some("TimeML"));
    }

    #[test]
    fn a_document_of_another_kind_is_refused_at_its_root() {
        let e = parse_document("<?xml version='1.0'?>\n<html/>", "TimeML", "a <TimeML> document").unwrap_err();
        assert_eq!(e, XmlError { pos: 22, message: "expected a <TimeML> document, found <html>".into() });
        assert!(parse_document("<TimeML/>", "TimeML", "a <TimeML> document").is_ok());
    }
}
