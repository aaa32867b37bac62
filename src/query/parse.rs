//! Reading the query language (grammar in `ast.rs`): a small hand-written recursive
//! descent over characters. Hand-written because the language is a dozen rules, errors
//! must point at a character and say what was expected in the user's words, and it keeps
//! a dependency away; every term's place is recorded so that checks against a corpus can
//! point at it too.

use super::ast::{Expr, Key, Op, Term, Value};

/// A query that could not be read: what, and where (character columns, from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub len: usize,
    pub message: String,
}

/// A query read: its tree (None when it is empty) and, for each term in the order of
/// [`Expr::terms`], the columns it was written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub expr: Option<Expr>,
    pub spans: Vec<(usize, usize)>,
}

pub fn parse(input: &str) -> Result<Parsed, ParseError> {
    let mut p = Parser { chars: input.chars().collect(), pos: 0, spans: Vec::new() };
    p.skip_space();
    if p.at_end() {
        return Ok(Parsed { expr: None, spans: Vec::new() });
    }
    let expr = p.or()?;
    p.skip_space();
    if let Some(c) = p.peek() {
        // Only a stray ')' stops a query before its end.
        return Err(p.error(p.pos, 1, format!("'{c}' without a '(' before it")));
    }
    Ok(Parsed { expr: Some(expr), spans: p.spans })
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    spans: Vec<(usize, usize)>,
}

impl Parser {
    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.and()?];
        while self.keyword("or") {
            self.pos += 2;
            parts.push(self.operand("or", Self::and)?);
        }
        Ok(Expr::or(parts))
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.unary()?];
        loop {
            self.skip_space();
            if self.at_end() || self.peek() == Some(')') || self.keyword("or") {
                break;
            }
            if self.keyword("and") {
                self.pos += 3;
                parts.push(self.operand("and", Self::unary)?);
            } else {
                parts.push(self.unary()?);
            }
        }
        Ok(Expr::and(parts))
    }

    /// What follows an operator (read by `next`), or an error naming the operator.
    fn operand(&mut self, after: &str, next: fn(&mut Self) -> Result<Expr, ParseError>) -> Result<Expr, ParseError> {
        self.skip_space();
        if self.at_end() || self.peek() == Some(')') {
            let at = self.pos.saturating_sub(1);
            return Err(self.error(at, 1, format!("'{after}' needs something after it")));
        }
        next(self)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.skip_space();
        let start = self.pos;
        for word in ["or", "and"] {
            if self.keyword(word) {
                return Err(self.error(start, word.len(), format!("'{word}' needs something before it")));
            }
        }
        if self.keyword("not") {
            self.pos += 3;
            return Ok(Expr::not(self.operand("not", Self::unary)?));
        }
        match self.peek() {
            Some('-') if self.chars.get(self.pos + 1).is_some_and(|c| !c.is_whitespace() && *c != ')') => {
                self.pos += 1;
                Ok(Expr::not(self.unary()?))
            }
            Some('(') => {
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(')') {
                    return Err(self.error(start, 2, "'()' holds nothing".into()));
                }
                let inner = self.or()?;
                self.skip_space();
                if self.peek() != Some(')') {
                    return Err(self.error(start, 1, "this '(' is never closed".into()));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(')') => Err(self.error(start, 1, "')' without a '(' before it".into())),
            Some('-') => Err(self.error(start, 1, "'-' needs a term right after it, as in -status:denied".into())),
            _ => {
                let term = self.term()?;
                self.spans.push((start, self.pos));
                Ok(Expr::Term(term))
            }
        }
    }

    fn term(&mut self) -> Result<Term, ParseError> {
        let start = self.pos;
        if self.peek() == Some('"') {
            let word = self.quoted()?;
            let value = if self.peek() == Some('*') {
                self.pos += 1;
                Value::Prefix(word)
            } else {
                Value::Is(word)
            };
            self.expect_end_of_term()?;
            return Ok(Term { key: Key::Text, value });
        }
        let ident_len = self.chars[self.pos..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
        let is_key = ident_len > 0
            && !self.chars[self.pos].is_ascii_digit()
            && self.chars.get(self.pos + ident_len) == Some(&':');
        if is_key {
            let name: String = self.chars[self.pos..self.pos + ident_len].iter().collect();
            let key = Key::named(&name);
            let value_at = self.pos + ident_len + 1;
            // "http://..." is a word, not the key "http".
            let url = matches!(key, Key::Attribute(_)) && self.chars[value_at..].starts_with(&['/', '/']);
            if !url {
                self.pos = value_at;
                if self.at_end() || self.peek().is_some_and(|c| c.is_whitespace() || c == ')') {
                    let message = format!("'{name}:' needs a value, as in {name}:VALUE");
                    return Err(self.error(start, ident_len + 1, message));
                }
                let value = self.value()?;
                self.expect_end_of_term()?;
                return Ok(Term { key, value });
            }
        }
        let word = self.bare(false);
        let value = match word.strip_suffix('*') {
            Some(stem) => Value::Prefix(stem.to_string()),
            None => Value::Is(word),
        };
        Ok(Term { key: Key::Text, value })
    }

    /// `<=5`, `a..b`, `14*`, `"quoted"`, `word`.
    fn value(&mut self) -> Result<Value, ParseError> {
        let op = [("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)]
            .into_iter()
            .find(|(s, _)| self.chars[self.pos..].starts_with(&s.chars().collect::<Vec<_>>()));
        if let Some((symbol, op)) = op {
            self.pos += symbol.len();
            let (v, _) = self.part(&format!("'{symbol}' needs a value after it, as in {symbol}5"))?;
            return Ok(Value::Compare(op, v));
        }
        let (first, quoted) = self.part("a value")?;
        if self.chars[self.pos..].starts_with(&['.', '.']) {
            self.pos += 2;
            let (second, _) = self.part("'..' needs a value after it, as in 1..5")?;
            return Ok(Value::Range(first, second));
        }
        if quoted && self.peek() == Some('*') {
            self.pos += 1;
            return Ok(Value::Prefix(first));
        }
        match first.strip_suffix('*') {
            Some(stem) if !quoted => Ok(Value::Prefix(stem.to_string())),
            _ => Ok(Value::Is(first)),
        }
    }

    /// One value: quoted, or bare up to a space, a parenthesis, a quote or `..`.
    fn part(&mut self, expected: &str) -> Result<(String, bool), ParseError> {
        if self.peek() == Some('"') {
            return Ok((self.quoted()?, true));
        }
        let start = self.pos;
        let v = self.bare(true);
        if v.is_empty() {
            let message =
                if expected.contains(' ') { expected.to_string() } else { format!("expected {expected} here") };
            return Err(self.error(start, 1, message));
        }
        Ok((v, false))
    }

    fn bare(&mut self, stop_at_range: bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                break;
            }
            if stop_at_range && self.chars[self.pos..].starts_with(&['.', '.']) {
                break;
            }
            out.push(c);
            self.pos += 1;
        }
        out
    }

    /// `"..."` with `\"` and `\\`.
    fn quoted(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error(start, 1, "this quote is never closed".into())),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') if matches!(self.chars.get(self.pos + 1), Some('"' | '\\')) => {
                    out.push(self.chars[self.pos + 1]);
                    self.pos += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn expect_end_of_term(&self) -> Result<(), ParseError> {
        match self.peek() {
            None | Some('(' | ')') => Ok(()),
            Some(c) if c.is_whitespace() => Ok(()),
            Some(c) => Err(self.error(self.pos, 1, format!("unexpected '{c}': put a space between terms"))),
        }
    }

    /// The operator `word` (any case) stands here, as a word of its own.
    fn keyword(&self, word: &str) -> bool {
        let n = word.len();
        self.chars.len() >= self.pos + n
            && self.chars[self.pos..self.pos + n].iter().collect::<String>().eq_ignore_ascii_case(word)
            && self.chars.get(self.pos + n).is_none_or(|c| c.is_whitespace() || matches!(c, '(' | ')'))
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn error(&self, at: usize, len: usize, message: String) -> ParseError {
        ParseError { at, len: len.max(1), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Expr {
        parse(input).unwrap_or_else(|e| panic!("{input}: {e:?}")).expr.expect("a query")
    }

    fn printed(input: &str) -> String {
        read(input).to_string()
    }

    fn error(input: &str) -> (usize, String) {
        let e = parse(input).expect_err(input);
        (e.at, e.message)
    }

    #[test]
    fn terms_words_and_values() {
        let t = |key, value| Expr::term(key, value);
        let is = |v: &str| Value::Is(v.into());
        assert_eq!(read("actor:putin"), t(Key::Actor, is("putin")));
        assert_eq!(read("ACTOR:putin"), t(Key::Actor, is("putin")));
        assert_eq!(read(r#"tag:"material conflict""#), t(Key::Tag, is("material conflict")));
        assert_eq!(read("code:14*"), t(Key::Attribute("code".into()), Value::Prefix("14".into())));
        assert_eq!(read("code:*"), t(Key::Attribute("code".into()), Value::Prefix(String::new())));
        assert_eq!(read("goldstein:<-5"), t(Key::Attribute("goldstein".into()), Value::Compare(Op::Lt, "-5".into())));
        assert_eq!(read("mentions:>=10"), t(Key::Attribute("mentions".into()), Value::Compare(Op::Ge, "10".into())));
        assert_eq!(read("tone:-10..-2"), t(Key::Attribute("tone".into()), Value::Range("-10".into(), "-2".into())));
        assert_eq!(
            read("date:2016-12-28..2016-12-31"),
            t(Key::Date, Value::Range("2016-12-28".into(), "2016-12-31".into()))
        );
        assert_eq!(read("expel"), t(Key::Text, is("expel")));
        assert_eq!(read(r#""cyber attack""#), t(Key::Text, is("cyber attack")));
        // A URL and a time are words, not keys.
        assert_eq!(read("http://x.org/a"), t(Key::Text, is("http://x.org/a")));
        assert_eq!(read("12:30"), t(Key::Text, is("12:30")));
    }

    #[test]
    fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
        let e = read("a -b or not c and d");
        assert_eq!(printed("a -b or not c and d"), "a -b or -c d");
        let Expr::Or(parts) = e else { panic!("an or at the top") };
        assert_eq!(parts.len(), 2);
        assert_eq!(printed("(a or b) c"), "(a or b) c");
        assert_eq!(printed("a (b c) d"), "a b c d", "an and inside an and is flattened");
        assert_eq!(printed("-(a or b)"), "-(a or b)");
        assert_eq!(printed("not -a"), "--a");
        assert_eq!(printed("a AND b OR c"), "a b or c");
    }

    #[test]
    fn printing_quotes_what_would_read_otherwise() {
        for input in [
            r#"tag:"material conflict""#,
            r#""or""#,
            r#""-5""#,
            r#"code:"14*""#,
            r#"code:"a b"*"#,
            r#"tone:"<5""#,
            r#"article:"//x""#,
            r#"text:"a*""#,
            r#"note:"say \"no\"""#,
            r#"text:x*"#,
        ] {
            assert_eq!(printed(input), input, "{input} prints as written");
            assert_eq!(read(&printed(input)), read(input));
        }
    }

    #[test]
    fn errors_point_at_the_character() {
        assert_eq!(error("actor:"), (0, "'actor:' needs a value, as in actor:VALUE".into()));
        assert_eq!(error("a (b c"), (2, "this '(' is never closed".into()));
        assert_eq!(error("a b)"), (3, "')' without a '(' before it".into()));
        assert_eq!(error(r#"tag:"material"#), (4, "this quote is never closed".into()));
        assert_eq!(error("a or"), (3, "'or' needs something after it".into()));
        assert_eq!(error("or a"), (0, "'or' needs something before it".into()));
        assert_eq!(error("tone:<"), (6, "'<' needs a value after it, as in <5".into()));
        assert_eq!(error("code:1.."), (8, "'..' needs a value after it, as in 1..5".into()));
        assert_eq!(error("tag:\"a\"b"), (7, "unexpected 'b': put a space between terms".into()));
        assert_eq!(error("a ()"), (2, "'()' holds nothing".into()));
        assert_eq!(parse("   ").unwrap().expr, None);
    }

    #[test]
    fn each_term_knows_where_it_was_written() {
        let p = parse("actor:putin (expel or tag:x)").unwrap();
        assert_eq!(p.spans, vec![(0, 11), (13, 18), (22, 27)]);
        assert_eq!(p.expr.unwrap().terms().len(), 3);
    }
}
