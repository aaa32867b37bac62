#!/usr/bin/env python3
"""Minimal ClickHouse-HTTP-interface front over chdb (test harness only).

chdb (PyPI) embeds a current ClickHouse engine but has no server mode; annals's tests talk
to that engine through this front as they would to a ClickHouse server's HTTP interface
(docs/research/issue-16-engines.md). Arrow answers are run whole (chdb streams a block at a
time, each block an Arrow stream of its own). It does not emulate users, readonly, KILL
QUERY, sessions, or compression.

usage: chfront.py DATA_DIR PORT   (binds 127.0.0.1 only; prints 'ready PORT' on stdout)
Speaks: GET/POST /?query=..., raw SQL POST body, ?query=INSERT INTO t FORMAT F with the data
as the body (written to a file, then inserted with file()), multipart/form-data body
(fields 'query' and 'param_*', as clickhouse-rs >= 0.15.3 sends), URL 'param_*',
'database', 'default_format'; errors as ClickHouse does (HTTP 500/404 + X-ClickHouse-Exception-Code
+ 'Code: N. DB::Exception: ...' body). No compression (ignores Accept-Encoding), no auth, /ping.
"""
import email.parser, email.policy, re, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl
import chdb

CONN = chdb.connect(f"file:{sys.argv[1]}")
LOCK = threading.Lock()  # one engine; serialize queries
IGNORED = {"query", "database", "default_format", "query_id", "session_id", "role",
           "wait_end_of_query", "compress", "decompress", "enable_http_compression", "readonly",
           "cancel_http_readonly_queries_on_client_close"}

def multipart(ctype, body):
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    return {p.get_param("name", header="content-disposition"): p.get_payload(decode=True).decode()
            for p in msg.iter_parts()}

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as hyper expects
    def log_message(self, *a): pass
    def reply(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers: self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        if urlsplit(self.path).path in ("/ping", "/"):
            if "query=" not in self.path: return self.reply(200, b"Ok.\n")
        self.handle_query(b"")
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.handle_query(self.rfile.read(n))
    def handle_query(self, body):
        url = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        ctype = self.headers.get("Content-Type", "")
        fields = multipart(ctype, body) if ctype.startswith("multipart/form-data") else {}
        insert = re.fullmatch(r"\s*INSERT\s+INTO\s+(\S+)\s+FORMAT\s+(\w+)\s*", url.get("query", ""), re.I)
        if insert and body and not fields:  # INSERT ... FORMAT F, the data in the body: read from a file
            # chdb takes no data beside a query: the body goes to a file that file() reads, as
            # the server would read the body.
            data = f"{sys.argv[1]}.insert-{threading.get_ident()}"
            with open(data, "wb") as f: f.write(body)
            sql = f"INSERT INTO {insert.group(1)} SELECT * FROM file('{data}', {insert.group(2)})"
        elif "query" in url and body and not fields:  # clickhouse-rs insert(): binary rows in the body
            try: body.decode()
            except UnicodeDecodeError: return self.reply(501, b"chfront: binary INSERT data unsupported\n")
        if not (insert and body and not fields):
            sql = fields.pop("query", None) or ((url.get("query", "") + "\n" + body.decode()) if "query" in url else body.decode())
        fields.update({k: v for k, v in url.items() if k.startswith("param_")})
        params = {k[6:]: v for k, v in fields.items() if k.startswith("param_")}
        settings = {k: v for k, v in url.items() if k not in IGNORED and not k.startswith("param_")}
        fmt = url.get("default_format", "TabSeparated")
        if settings:  # forward e.g. max_execution_time as SET before the query
            sql_settings = [f"SET {k} = '{v}'" for k, v in settings.items() if re.fullmatch(r"\w+", k)]
        else: sql_settings = []
        with LOCK:
            try:
                if "database" in url: CONN.query(f"USE `{url['database']}`")
                for s in sql_settings: CONN.query(s)
                try:  # stream SELECTs block by block; errors before the first block -> HTTP error
                    if "Arrow" in fmt or re.search(r"FORMAT\s+Arrow", sql, re.I):
                        raise Exception("Streaming query is not supported: one Arrow stream")
                    it = iter(CONN.send_query(sql, fmt, params=params)); first = next(it, None)
                except Exception as e:  # DDL/INSERT cannot stream in chdb: run them whole
                    if "Streaming query is not supported" not in str(e): raise
                    first, it = CONN.query(sql, fmt, params=params), iter(())
            except Exception as e:
                self.reset(settings); return self.error(e)
            self.send_response(200)
            for k, v in (("X-ClickHouse-Format", fmt), ("Content-Type", "application/octet-stream"),
                         ("Transfer-Encoding", "chunked")): self.send_header(k, v)
            self.end_headers()
            try:
                self.chunk(first.bytes() if first is not None else b"")
                for block in it: self.chunk(block.bytes())
            except Exception as e:  # mid-stream: ClickHouse (< 25.11) appends the exception text
                msg = str(e).replace("Streaming query failed: ", "")  # already 'Code: N. DB::Exception: ...'
                self.chunk(f"\n{msg} (version chfront (official build))\n".encode())
            finally:
                self.reset(settings)
            self.wfile.write(b"0\r\n\r\n")
    def chunk(self, b):
        if b: self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
    def reset(self, settings):  # settings are per request in ClickHouse: undo them
        for k in settings: CONN.query(f"SET {k} = DEFAULT")
    def error(self, e):
        msg = str(e).replace("Streaming query failed: ", ""); m = re.search(r"Code: (\d+)", msg)
        code = m.group(1) if m else "1000"
        status = 404 if code in ("60", "81") else 400 if code in ("62", "47", "46", "457") else 500
        self.reply(status, (msg + "\n").encode(), [("X-ClickHouse-Exception-Code", code),
                                                    ("Content-Type", "text/plain; charset=UTF-8")])

if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), H)
    print("ready", srv.server_address[1], flush=True)
    srv.serve_forever()
