//! The preview's HTTP/1.1 server: hand-written on std, one thread per connection.
//!
//! Owns the listening socket, connections (keep-alive, timeouts, a connection cap), responses
//! (content types, redirects, the site's 404 page, `Cache-Control: no-store`) and the
//! server-sent-event streams. Serves only what [`LiveSite`] holds in memory: it never opens a
//! file, so no request can read outside the site. Must not build or watch.
//!
//! Why not a crate: the event streams stay open as long as a tab does, so each connection needs
//! its own thread whatever the library; `tiny_http` would add a dependency last released in 2022
//! and its own thread pool, while the parsing we need (GET/HEAD, no bodies) is small enough to
//! own and to test here, with strict path rules.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::desk::{Call, Desk, Reply, guard::Caller};
use crate::serve::live::{LiveSite, Snapshot};
use crate::serve::reload::{self, EVENTS_PATH, RESERVED_PREFIX, SCRIPT_PATH};
use crate::serve::request::{self, Method, Request, SitePath, Status};

/// Request heads larger than this are refused (431); browsers send about 1 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// Connections beyond this many at once get a 503: threads are cheap, not free.
const MAX_CONNECTIONS: usize = 256;
/// Connections one address may hold at once. A browser opens at most six to one host (its
/// event streams included), so this leaves room for several browsers on one machine while no
/// single client can take the whole cap.
const MAX_PER_CLIENT: usize = 64;
/// The last connections of the cap are kept for loopback clients, the editor's own browser, so
/// that clients elsewhere (with `--bind 0.0.0.0`) cannot take them all between them.
const LOOPBACK_RESERVE: usize = 64;
/// A request head must have arrived whole this long after the connection began waiting for it:
/// an idle kept-alive connection, or a client trickling its head a byte at a time, is closed
/// then rather than holding its place for ever.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A client that stops reading is dropped after this.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A desk upload's body must have arrived whole this long after its head: a photo or a Word
/// document over a slow disk share, not a client holding the connection open.
const BODY_DEADLINE: Duration = Duration::from_secs(120);
/// Event streams send a comment this often, so proxies keep them open and dead ones are noticed.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long a request for a missing file waits while the build is still making the rest of its
/// outputs (the search index of 100,000 pages takes several seconds).
const INCOMPLETE_WAIT: Duration = Duration::from_secs(60);

/// A bound, not yet serving, listener.
pub struct Server {
    listener: TcpListener,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port).
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Starts accepting connections in a thread, serving `live` and, under `--edit`, `desk`.
    pub fn start(self, live: Arc<LiveSite>, desk: Option<Arc<Desk>>) -> io::Result<RunningServer> {
        let addr = self.listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let accept_stop = stop.clone();
        let serving = Serving { live, desk };
        let thread = thread::Builder::new()
            .name("jianbao-http".into())
            .spawn(move || accept_loop(&self.listener, &serving, &accept_stop, addr.ip()))?;
        Ok(RunningServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }
}

/// A server accepting connections; stops when dropped.
pub struct RunningServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks: a connection of our own wakes it to see the flag.
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let wake = SocketAddr::new(ip, self.addr.port());
        if TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok()
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}

/// What connections answer from: the site, and the desk when there is one.
#[derive(Clone)]
struct Serving {
    live: Arc<LiveSite>,
    desk: Option<Arc<Desk>>,
}

fn accept_loop(listener: &TcpListener, live: &Serving, stop: &AtomicBool, bound: IpAddr) {
    let admission = Arc::new(Admission::default());
    for connection in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match connection {
            Ok(stream) => dispatch(stream, live, &admission, bound),
            // Out of file descriptors and the like: wait instead of spinning.
            Err(_) => thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// The open connections by client address, admitted within [`MAX_CONNECTIONS`],
/// [`MAX_PER_CLIENT`] and [`LOOPBACK_RESERVE`].
#[derive(Default)]
struct Admission {
    by_client: Mutex<HashMap<IpAddr, usize>>,
}

impl Admission {
    /// Counts a connection from `client` if there is room for it; dropping the guard uncounts it.
    fn admit(self: &Arc<Admission>, client: IpAddr) -> Option<ActiveConnection> {
        let mut counts = self.lock();
        let total: usize = counts.values().sum();
        let mine = counts.get(&client).copied().unwrap_or(0);
        let limit = if client.is_loopback() {
            MAX_CONNECTIONS
        } else {
            MAX_CONNECTIONS - LOOPBACK_RESERVE
        };
        if total >= limit || mine >= MAX_PER_CLIENT {
            return None;
        }
        counts.insert(client, mine + 1);
        Some(ActiveConnection {
            admission: self.clone(),
            client,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.by_client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Counts a connection while its thread lives.
struct ActiveConnection {
    admission: Arc<Admission>,
    client: IpAddr,
}

impl Drop for ActiveConnection {
    fn drop(&mut self) {
        let mut counts = self.admission.lock();
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

fn dispatch(stream: TcpStream, live: &Serving, admission: &Arc<Admission>, bound: IpAddr) {
    let client = stream
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    let Some(guard) = admission.admit(client) else {
        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
        let _ = write_response(
            &stream,
            &Response::text(503, "Too many connections"),
            false,
            false,
        );
        return;
    };
    let live = live.clone();
    // If the thread cannot start, the closure (and the guard in it) is dropped with the stream.
    let _ = thread::Builder::new()
        .name("jianbao-conn".into())
        .spawn(move || {
            let _guard = guard;
            let _ = serve_connection(stream, &live, bound);
        });
}

fn serve_connection(stream: TcpStream, serving: &Serving, bound: IpAddr) -> io::Result<()> {
    let live = &serving.live;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(DeadlineReader {
        stream: stream.try_clone()?,
        deadline: Instant::now(),
    });
    loop {
        reader.get_mut().deadline = Instant::now() + HEAD_DEADLINE;
        let request = match read_request(&mut reader)? {
            Incoming::Closed => return Ok(()),
            Incoming::Refused(status) => {
                let response = Response::text(status, reason(status));
                return write_response(&stream, &response, false, false);
            }
            Incoming::Request(request) => request,
        };
        if request
            .host
            .as_deref()
            .is_some_and(|host| !request::is_allowed_host(host, bound))
        {
            let response = Response::text(
                403,
                "Host not allowed: open the preview by the address it printed",
            );
            return write_response(&stream, &response, false, false);
        }
        if let Some(desk) = serving
            .desk
            .as_deref()
            .filter(|_| Desk::is_desk_target(&request.target))
        {
            let (response, body_read) = desk_exchange(&mut reader, &request, desk)?;
            let keep_alive = request.keep_alive && body_read;
            write_response(
                &stream,
                &response,
                request.method == Method::Head,
                keep_alive,
            )?;
            if !body_read {
                linger(&stream);
            }
            if !keep_alive {
                return Ok(());
            }
            continue;
        }
        if request.content_length > 0 {
            // Only the desk takes a body; an unread one would be read as the next request.
            return write_response(&stream, &Response::text(400, reason(400)), false, false);
        }
        if request.method == Method::Get && is_events(&request.target) {
            return stream_events(&stream, live);
        }
        let snapshot = live.snapshot();
        let mut response = respond(&request, &snapshot);
        if response.status == 404 && snapshot.incomplete {
            // The file may be one the build is still making (its search index): wait for it.
            response = respond(&request, &live.complete_snapshot(INCOMPLETE_WAIT));
        }
        if let Some(target) = viewed_page(&request, &response) {
            live.note_viewed(&target);
        }
        let head_only = request.method == Method::Head;
        write_response(&stream, &response, head_only, request.keep_alive)?;
        if !request.keep_alive {
            return Ok(());
        }
    }
}

/// Hands a request to the desk: the checks first, then the body (only once they passed, and
/// within its limit), then the answer. Also says whether the body was read, so that the
/// connection can stay open.
fn desk_exchange(
    reader: &mut BufReader<DeadlineReader>,
    request: &Request,
    desk: &Desk,
) -> io::Result<(Response, bool)> {
    let writes = request.method == Method::Post;
    let no_body = request.content_length == 0;
    if request.method == Method::Other || (!writes && !no_body) {
        let mut response = Response::text(405, reason(405));
        response.headers.push(("Allow", "GET, HEAD, POST".into()));
        return Ok((response, no_body));
    }
    let call = Call {
        target: &request.target,
        caller: Caller {
            writes,
            host: request.host.as_deref(),
            origin: request.header("origin"),
            fetch_site: request.header("sec-fetch-site"),
            content_type: request.header("content-type"),
            csrf: request.header("x-jianbao-csrf"),
            content_length: request.content_length,
        },
    };
    let admitted = match desk.admit(&call) {
        Ok(admitted) => admitted,
        Err(refusal) => return Ok((desk_response(Reply::refused(&refusal)), no_body)),
    };
    let mut body = Vec::new();
    reader.get_mut().deadline = Instant::now() + BODY_DEADLINE;
    Read::take(&mut *reader, request.content_length).read_to_end(&mut body)?;
    if (body.len() as u64) < request.content_length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok((desk_response(desk.answer(&admitted, &body)), true))
}

/// After refusing a request whose body was not read: stops sending, then reads and drops
/// what the client still sends for a moment, so that closing does not reset the connection
/// (which can destroy the refusal before the client reads it) — servers' "lingering close".
fn linger(mut stream: &TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    while Instant::now() < until {
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) if is_timeout(&err) => {}
            Err(_) => return,
        }
    }
}

/// A desk reply with the headers that keep its pages to themselves: not framed by another
/// page, no address (holding the token) sent on as a referrer.
fn desk_response(reply: Reply) -> Response {
    let mut response = Response::new(reply.status, reply.content_type, reply.body);
    response
        .headers
        .push(("Referrer-Policy", "no-referrer".into()));
    response.headers.push(("X-Frame-Options", "DENY".into()));
    response
        .headers
        .push(("Content-Security-Policy", "frame-ancestors 'none'".into()));
    response
}

/// Reads from a connection until a deadline: every read waits only for the time left, so a
/// client cannot stretch a request head by sending it a byte at a time.
struct DeadlineReader {
    stream: TcpStream,
    deadline: Instant,
}

impl Read for DeadlineReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// The next thing a connection brings.
enum Incoming {
    /// The client closed, or stayed idle too long: the connection is over.
    Closed,
    /// A request we answer with this error status and then close.
    Refused(Status),
    /// A request to answer.
    Request(Request),
}

fn read_request(reader: &mut impl BufRead) -> io::Result<Incoming> {
    Ok(match read_head(reader)? {
        Head::Closed => Incoming::Closed,
        Head::TooLarge => Incoming::Refused(431),
        Head::Complete(head) => match request::parse_head(&head) {
            Ok(request) => Incoming::Request(request),
            Err(status) => Incoming::Refused(status),
        },
    })
}

enum Head {
    Closed,
    TooLarge,
    Complete(String),
}

/// Reads one request head up to its empty line. A connection closed or idle before the head
/// starts is simply over.
fn read_head(reader: &mut impl BufRead) -> io::Result<Head> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let allowed = (MAX_HEAD + 1).saturating_sub(head.len()) as u64;
        match io::Read::take(&mut *reader, allowed).read_until(b'\n', &mut line) {
            Ok(0) => return Ok(Head::Closed),
            Ok(_) => {}
            Err(err) if head.is_empty() && is_timeout(&err) => return Ok(Head::Closed),
            Err(err) => return Err(err),
        }
        if head.len() + line.len() > MAX_HEAD {
            return Ok(Head::TooLarge);
        }
        let blank = line == b"\r\n" || line == b"\n";
        if blank && head.is_empty() {
            continue; // RFC 9112 lets clients send empty lines before a request
        }
        head.extend_from_slice(&line);
        if blank {
            return Ok(Head::Complete(String::from_utf8_lossy(&head).into_owned()));
        }
    }
}

fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn is_events(target: &str) -> bool {
    target.split('?').next() == Some(EVENTS_PATH)
}

/// Keeps an event stream open: the current build first, then every build, with pings between.
/// Ends when the client goes away or the server stops.
fn stream_events(mut stream: &TcpStream, live: &LiveSite) -> io::Result<()> {
    let (events, build) = live.subscribe();
    // No length and no chunking: the body ends when the connection does (RFC 9112 §6.3).
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    stream.write_all(reload::hello_event(build).as_bytes())?;
    stream.flush()?;
    loop {
        match events.recv_timeout(PING_EVERY) {
            Ok(event) => stream.write_all(event.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// A response before it is written.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: Status,
    /// Headers besides the ones every response has.
    pub headers: Vec<(&'static str, String)>,
    /// The body (also measured for `HEAD`). Shared with the snapshot for a site's file, so
    /// that downloads of a large file do not each copy it.
    pub body: Arc<[u8]>,
}

impl Response {
    fn new(status: Status, content_type: &str, body: impl Into<Arc<[u8]>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    fn text(status: Status, text: &str) -> Response {
        let body = format!("{status} {text}\n").into_bytes();
        Response::new(status, "text/plain; charset=utf-8", body)
    }
}

/// Answers one request from a snapshot of the site.
pub fn respond(request: &Request, snapshot: &Snapshot) -> Response {
    if matches!(request.method, Method::Other | Method::Post) {
        let mut response = Response::text(405, reason(405));
        response.headers.push(("Allow", "GET, HEAD".into()));
        return response;
    }
    let path = match request::normalise(&request.target) {
        Ok(path) => path,
        Err(status) => return Response::text(status, reason(status)),
    };
    if path.raw.starts_with(RESERVED_PREFIX) {
        return reserved(&path);
    }
    if snapshot.files.is_empty() {
        return not_built_yet(snapshot);
    }
    let files = &snapshot.files;
    let key = file_key(&path);
    if let Some(bytes) = files.get(&key) {
        return page(200, &[&key], bytes, snapshot);
    }
    if !key.ends_with("index.html") && files.contains_key(&format!("{key}/index.html")) {
        return redirect(&path);
    }
    // A tab on a missing page reloads when the page appears, under either URL form.
    let folder = format!("{key}/index.html");
    let mut watched = vec!["404.html", key.as_str()];
    if !key.ends_with("index.html") {
        watched.push(&folder);
    }
    match files.get("404.html") {
        Some(bytes) => page(404, &watched, bytes, snapshot),
        None => Response::text(404, reason(404)),
    }
}

/// The site file a request path asks for: a folder's `index.html`, otherwise the path.
fn file_key(path: &SitePath) -> String {
    if path.decoded.is_empty() || path.decoded.ends_with('/') {
        format!("{}index.html", path.decoded)
    } else {
        path.decoded.clone()
    }
}

/// The file of the page `response` served for `request`, when it served a page of the site
/// (a template edit renders the pages viewed last first).
fn viewed_page(request: &Request, response: &Response) -> Option<String> {
    let html = (response.headers.iter())
        .any(|(name, value)| *name == "Content-Type" && value.starts_with("text/html"));
    if response.status != 200 || !html {
        return None;
    }
    let path = request::normalise(&request.target).ok()?;
    Some(file_key(&path))
}

/// A file of the site; HTML gets the reload script and, after a failed build, the overlay.
/// `targets[0]` is the file served; all of them reload the page when they change.
fn page(status: Status, targets: &[&str], bytes: &Arc<[u8]>, snapshot: &Snapshot) -> Response {
    let content_type = content_type(targets[0]);
    if content_type.starts_with("text/html") {
        let body = reload::inject(bytes, snapshot.build, targets, snapshot.overlay.as_deref());
        Response::new(status, content_type, body)
    } else {
        Response::new(status, content_type, bytes.clone())
    }
}

/// A folder asked for without its slash: relative links inside it only work with the slash.
fn redirect(path: &SitePath) -> Response {
    let mut response = Response::text(301, reason(301));
    response
        .headers
        .push(("Location", format!("{}/{}", path.raw, path.query)));
    response
}

fn reserved(path: &SitePath) -> Response {
    match path.raw.as_str() {
        SCRIPT_PATH => Response::new(
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
        ),
        EVENTS_PATH => Response::new(200, "text/event-stream; charset=utf-8", Vec::new()),
        _ => Response::text(404, reason(404)),
    }
}

/// Before the first good build there is no page to put the overlay on: a bare one carries it.
fn not_built_yet(snapshot: &Snapshot) -> Response {
    let Some(overlay) = &snapshot.overlay else {
        return Response::text(503, "The site is being built");
    };
    let html = b"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>jianbao</title>\n</head>\n<body>\n</body>\n</html>\n";
    let body = reload::inject(html, snapshot.build, &[], Some(overlay));
    Response::new(500, "text/html; charset=utf-8", body)
}

fn write_response(
    mut stream: &TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {connection}\r\n\r\n",
        response.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

fn reason(status: Status) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

/// The `Content-Type` of an output, by its extension. Text types say UTF-8: the build writes
/// nothing else, and without it a browser may guess GBK or Windows-1252 for Chinese.
pub fn content_type(target: &str) -> &'static str {
    let extension = target
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "pdf" => "application/pdf",
        "ofd" => "application/ofd",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::rebuild::Outputs;

    fn snapshot(files: &[(&str, &str)], overlay: Option<&str>) -> Snapshot {
        let files: Outputs = files
            .iter()
            .map(|(t, b)| (t.to_string(), Arc::<[u8]>::from(b.as_bytes())))
            .collect();
        Snapshot {
            build: 3,
            files: Arc::new(files),
            overlay: overlay.map(Arc::from),
            incomplete: false,
        }
    }

    fn get(target: &str, snapshot: &Snapshot) -> Response {
        let request = Request {
            method: Method::Get,
            target: target.into(),
            keep_alive: true,
            host: Some("127.0.0.1".into()),
            content_length: 0,
            headers: Vec::new(),
        };
        respond(&request, snapshot)
    }

    fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
        response
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "<html><body>home</body></html>"),
        ("404.html", "<html><body>missing</body></html>"),
        ("notices/通知/index.html", "<html><body>通知</body></html>"),
        ("css/jianbao.css", "body{}"),
    ];

    #[test]
    fn pages_get_the_script_and_folders_their_slash() {
        let site = snapshot(SITE, None);
        let home = get("/", &site);
        assert_eq!(home.status, 200);
        assert!(String::from_utf8_lossy(&home.body).contains("data-build=\"3\""));
        let notice = get("/notices/%E9%80%9A%E7%9F%A5/", &site);
        assert_eq!(notice.status, 200);
        assert_eq!(
            header(&notice, "Content-Type"),
            Some("text/html; charset=utf-8")
        );
        let bare = get("/notices/%E9%80%9A%E7%9F%A5?a=1", &site);
        assert_eq!(bare.status, 301);
        assert_eq!(
            header(&bare, "Location"),
            Some("/notices/%E9%80%9A%E7%9F%A5/?a=1")
        );
    }

    #[test]
    fn unknown_paths_get_the_sites_404_page() {
        let site = snapshot(SITE, None);
        assert_eq!(
            header(&get("/x.png", &site), "Content-Type"),
            Some("text/html; charset=utf-8")
        );
        let missing = get("/nothing/", &site);
        assert_eq!(missing.status, 404);
        let body = String::from_utf8_lossy(&missing.body);
        assert!(body.contains("missing"), "{body}");
        assert!(
            body.contains("data-targets=\"[&quot;404.html&quot;,&quot;nothing/index.html&quot;]\""),
            "{body}"
        );
        assert_eq!(get("/__jianbao/other", &site).status, 404);
    }

    #[test]
    fn stylesheets_are_served_as_they_are() {
        let site = snapshot(SITE, Some("<div id=o></div>"));
        let css = get("/css/jianbao.css", &site);
        assert_eq!(&*css.body, b"body{}");
        let home = String::from_utf8_lossy(&get("/", &site).body).into_owned();
        assert!(home.contains("home<div id=o></div><script"), "{home}");
    }

    #[test]
    fn before_any_good_build_the_overlay_stands_alone() {
        let failed = snapshot(&[], Some("<div id=o></div>"));
        let response = get("/anything/", &failed);
        assert_eq!(response.status, 500);
        assert!(String::from_utf8_lossy(&response.body).contains("<div id=o></div>"));
        assert_eq!(get("/", &snapshot(&[], None)).status, 503);
    }

    #[test]
    fn other_methods_are_not_allowed() {
        let request = Request {
            method: Method::Other,
            target: "/".into(),
            keep_alive: true,
            host: Some("127.0.0.1".into()),
            content_length: 0,
            headers: Vec::new(),
        };
        let response = respond(&request, &snapshot(SITE, None));
        assert_eq!(response.status, 405);
        assert_eq!(header(&response, "Allow"), Some("GET, HEAD"));
    }

    #[test]
    fn content_types_cover_office_documents_and_images() {
        assert_eq!(content_type("a/报告.PDF"), "application/pdf");
        assert_eq!(
            content_type("a/表.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            content_type("a/表.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("x.webp"), "image/webp");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn a_connection_serves_several_requests_and_closes_on_request() {
        let server = Server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = server.local_addr().unwrap();
        let live = Arc::new(LiveSite::new());
        let running = server.start(live, None).unwrap();
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        assert_eq!(text.matches("HTTP/1.1 503").count(), 2, "{text}");
        drop(running);
    }
}
