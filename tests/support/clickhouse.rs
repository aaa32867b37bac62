//! A ClickHouse engine for tests: the one chdb embeds (PyPI; `.ci/run` installs it and sets
//! `ANNALS_TEST_PYTHON`), behind `chfront.py`, an HTTP front speaking ClickHouse's HTTP
//! interface. A front a test, on a port of its own, killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Front {
    child: Child,
    pub port: u16,
    _data: tempfile::TempDir,
}

impl Front {
    /// A front over a new engine, or None (with a reason printed) when there is no Python
    /// with chdb; under CI (`CI` set) that is a failure.
    pub fn start() -> Option<Front> {
        let Ok(python) = std::env::var("ANNALS_TEST_PYTHON") else {
            assert!(std::env::var_os("CI").is_none(), "CI must set ANNALS_TEST_PYTHON to a Python with chdb");
            eprintln!("skipped: set ANNALS_TEST_PYTHON to a Python with chdb (.ci/run does)");
            return None;
        };
        let data = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/chfront.py");
        let log = data.path().join("front.log");
        let mut child = Command::new(python)
            .arg(&script)
            .arg(data.path().join("engine"))
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the front starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Some(port) = line.trim().strip_prefix("ready ").and_then(|p| p.parse().ok()) else {
            panic!("the front did not start: {}", std::fs::read_to_string(&log).unwrap_or_default());
        };
        Some(Front { child, port, _data: data })
    }

    /// `clickhouse://` address of `database` here.
    pub fn address(&self, database: &str) -> String {
        format!("clickhouse://127.0.0.1:{}/{database}", self.port)
    }

    /// Run `sql` (statements separated by `;`), the last one's answer as text.
    pub fn sql(&self, sql: &str) -> String {
        let mut answer = String::new();
        for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
            let mut response = ureq::post(format!("http://127.0.0.1:{}/", self.port)).send(statement).unwrap();
            answer = response.body_mut().read_to_string().unwrap();
        }
        answer
    }

    /// Database `database` made with `annals schema clickhouse`'s tables, loaded with the
    /// dataset in `dir`.
    pub fn load(&self, database: &str, dir: &Path) {
        self.sql(&annals::export::clickhouse::events_ddl(database));
        for table in ["events", "actors"] {
            let file = dir.join(format!("{table}.parquet"));
            self.sql(&format!("INSERT INTO {database}.{table} SELECT * FROM file('{}', Parquet)", file.display()));
        }
    }

    /// Stop the engine now (a server gone).
    pub fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        self.kill();
    }
}
