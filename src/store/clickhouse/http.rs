//! The exchange with a ClickHouse server over its HTTP interface: a query with its
//! server-side parameters and limits, an insert with its data as the body, the user and
//! password sent as headers, and the answer read as text or Arrow, or what the server
//! said went wrong.

use crate::store::StoreError;
use arrow_array::RecordBatch;
use std::io::Read;

impl super::Table {
    /// Run an `INSERT ... FORMAT F` whose data is `data`, sent as the request's body.
    pub(crate) fn insert(&self, sql: &str, data: std::fs::File) -> Result<(), StoreError> {
        let request = self.http.post(&self.url).query("query", sql).query("database", &self.database);
        self.answer(self.signed(request).send(data)).map(|_| ())
    }

    /// `request` with the user and the password, when there are.
    pub(super) fn signed(
        &self,
        mut request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        if let Some(user) = &self.user {
            request = request.header("X-ClickHouse-User", user);
        }
        if let Some(password) = &self.password {
            request = request.header("X-ClickHouse-Key", password);
        }
        request
    }

    /// The body of a server's answer, or what it said went wrong.
    pub(super) fn answer(
        &self,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<ureq::Body, StoreError> {
        let response = sent.map_err(|e| self.error(format!("cannot reach ClickHouse: {e}")))?;
        let failed = !response.status().is_success() || response.headers().contains_key("X-ClickHouse-Exception-Code");
        let mut body = response.into_body();
        if failed {
            let mut text = String::new();
            body.as_reader().take(4096).read_to_string(&mut text).ok();
            return Err(self.error(format!("ClickHouse: {}", text.trim())));
        }
        Ok(body)
    }

    /// Run `sql` with `params` (`{name:Type}` in the SQL), the answer's body.
    pub(super) fn query(&self, sql: &str, params: &[(&str, String)]) -> Result<ureq::Body, StoreError> {
        // Statements that make the database run before it exists: outside it (the names in
        // them are qualified).
        let outside = sql.trim_start().starts_with("CREATE DATABASE");
        let mut request = self.http.post(&self.url);
        if !outside {
            request = request.query("database", &self.database);
        }
        let mut request = request
            .query("max_execution_time", super::QUERY_SECONDS.to_string())
            .query("cancel_http_readonly_queries_on_client_close", "1")
            .query("output_format_arrow_string_as_string", "1")
            .query("output_format_arrow_compression_method", "none");
        for (name, value) in params {
            request = request.query(format!("param_{name}"), value);
        }
        self.answer(self.signed(request).send(sql))
    }

    /// A short answer as text.
    pub(crate) fn text(&self, sql: &str) -> Result<String, StoreError> {
        let body = self.query(sql, &[])?;
        self.read_text(body)
    }

    /// An answer's body as text (256 MiB at most: a page is far less).
    pub(super) fn read_text(&self, mut body: ureq::Body) -> Result<String, StoreError> {
        let mut text = String::new();
        body.as_reader()
            .take(256 << 20)
            .read_to_string(&mut text)
            .map_err(|e| self.error(format!("the answer broke off: {e}")))?;
        Ok(text)
    }

    /// A one-row answer as JSON (`FORMAT JSONEachRow`, 64-bit numbers as numbers), and its
    /// text for [`Table::misread`](super::Table::misread).
    pub(super) fn json_row(
        &self,
        sql: &str,
        params: &[(&str, String)],
    ) -> Result<(serde_json::Value, String), StoreError> {
        let sql = format!("{sql} FORMAT JSONEachRow SETTINGS output_format_json_quote_64bit_integers = 0");
        let text = self.read_text(self.query(&sql, params)?)?;
        match serde_json::from_str(text.trim()) {
            Ok(row) => Ok((row, text)),
            Err(_) => Err(self.misread(&text)),
        }
    }

    /// An answer that does not read as a count: its first 200 characters said.
    pub(super) fn misread(&self, text: &str) -> StoreError {
        self.error(format!(
            "the count reads '{}'",
            crate::text::sanitize_line(&text.chars().take(200).collect::<String>())
        ))
    }

    /// An answer as Arrow batches (`FORMAT ArrowStream`).
    pub(super) fn arrow(&self, sql: &str, params: &[(&str, String)]) -> Result<Vec<RecordBatch>, StoreError> {
        let mut body = self.query(&format!("{sql} FORMAT ArrowStream"), params)?;
        let broke = |e: arrow_schema::ArrowError| self.error(format!("the answer broke off or is not Arrow: {e}"));
        let reader = arrow_ipc::reader::StreamReader::try_new(body.as_reader(), None).map_err(broke)?;
        reader.collect::<Result<Vec<_>, _>>().map_err(broke)
    }
}

/// A scalar `String` parameter's value as ClickHouse reads it (`TabSeparated`'s escapes:
/// `a\b` would be `a` and a backspace). An array's or a tuple's value is its literal.
pub(crate) fn escaped(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

/// Strings as a ClickHouse array parameter: `['a','b\\'c']` (quotes and backslashes escaped).
pub(crate) fn array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| literal(i)).collect();
    format!("[{}]", quoted.join(","))
}

/// A string as a literal within a parameter's value: `'b\\'c'`.
pub(crate) fn literal(item: &str) -> String {
    format!("'{}'", item.replace('\\', "\\\\").replace('\'', "\\'"))
}
