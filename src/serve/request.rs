//! Reading an HTTP/1.1 request head and turning its target into a path of the site, strictly.
//!
//! Owns the parsing rules and the path normalisation that keeps every request inside the site:
//! the target is percent-decoded once, segment by segment, and `.`/`..` segments, encoded
//! slashes and backslashes, NUL and other control characters are refused rather than repaired.
//! Pure: no sockets, no site; the server in `http.rs` calls it.

/// Errors are answered with these statuses.
pub type Status = u16;

/// The request methods the preview distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: the headers of a `GET`, no body.
    Head,
    /// `POST`: only the editing desk accepts it (every write there is one).
    Post,
    /// Anything else, answered with 405.
    Other,
}

/// One parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The request target as sent, such as `/notices/%E9%80%9A%E7%9F%A5/?x=1`.
    pub target: String,
    /// Whether the connection stays open for another request.
    pub keep_alive: bool,
    /// The `Host` header, if sent (HTTP/1.0 may leave it out).
    pub host: Option<String>,
    /// The body's length (`Content-Length`, 0 when absent). Only the desk reads a body; the
    /// site refuses a request that has one.
    pub content_length: u64,
    /// The headers the desk judges a request by ([`DESK_HEADERS`]), names in lower case.
    pub headers: Vec<(String, String)>,
}

/// Headers kept in [`Request::headers`]: where a request comes from and what it carries.
pub const DESK_HEADERS: &[&str] = &["origin", "sec-fetch-site", "content-type", "x-jianbao-csrf"];

impl Request {
    /// The value of a kept header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a request head (request line and header lines, up to the empty line).
pub fn parse_head(head: &str) -> Result<Request, Status> {
    let mut lines = head.split('\n').map(|line| line.trim_end_matches('\r'));
    let request_line = lines.next().unwrap_or_default();
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(400);
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    let mut close = !http11;
    let mut host = None;
    let mut content_length = None;
    let mut headers = Vec::new();
    for line in lines.filter(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "connection" => close = value.to_ascii_lowercase().contains("close"),
            // RFC 9112 §3.2: a second Host is as bad as none.
            "host" if host.is_some() => return Err(400),
            "host" => host = Some(value.to_string()),
            // Bodies come with a length or not at all: a chunked one is never one of ours, and
            // leaving a body unread on a kept-alive connection would be read as the next request.
            "transfer-encoding" => return Err(400),
            "content-length" if content_length.is_some() => return Err(400),
            "content-length" => content_length = Some(value.parse::<u64>().map_err(|_| 400u16)?),
            name if DESK_HEADERS.contains(&name) => {
                headers.push((name.to_string(), value.to_string()))
            }
            _ => {}
        }
    }
    if http11 && host.is_none() {
        return Err(400); // RFC 9112 §3.2
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        "POST" => Method::Post,
        _ => Method::Other,
    };
    Ok(Request {
        method,
        target: target.to_string(),
        keep_alive: !close,
        host,
        content_length: content_length.unwrap_or(0),
        headers,
    })
}

/// Whether a request naming `host` (a `Host` header, with or without its port) may be
/// answered by a preview bound to `bound`: loopback names and addresses, the bound address, and
/// when bound to every address (`--bind 0.0.0.0`) any address written as digits. Any other
/// name is refused, so that a page elsewhere cannot point its own name at the preview and read
/// it through the editor's browser (DNS rebinding); Vite and webpack's dev server do the same.
pub fn is_allowed_host(host: &str, bound: std::net::IpAddr) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, _port)) => inside,
            None => return false,
        },
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound || bound.is_unspecified(),
        Err(_) => false,
    }
}

/// A request target made safe: what was asked for, and where in the site it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// The path as sent, still encoded (for redirects).
    pub raw: String,
    /// The query with its `?`, or empty.
    pub query: String,
    /// The decoded path without its leading slash: `notices/通知/`, or empty for the home page.
    pub decoded: String,
}

/// Checks and decodes a request target. 400 for malformed ones, 403 for attempts to leave the
/// site, 404 for paths no site output can have (such as empty segments).
pub fn normalise(target: &str) -> Result<SitePath, Status> {
    let (raw, query) = match target.find('?') {
        Some(at) => (&target[..at], &target[at..]),
        None => (target, ""),
    };
    // Origin form only: absolute URLs (`http://…`) and `*` are not for a preview server.
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(400);
    };
    if !raw.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(400);
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let mut decoded = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let text = decode_segment(segment)?;
        if text.is_empty() && i + 1 < segments.len() {
            return Err(404);
        }
        decoded.push(text);
    }
    Ok(SitePath {
        raw: raw.to_string(),
        query: query.to_string(),
        decoded: decoded.join("/"),
    })
}

/// Decodes one path segment and refuses what could step outside the site.
fn decode_segment(segment: &str) -> Result<String, Status> {
    let bytes = percent_decode(segment)?;
    let text = String::from_utf8(bytes).map_err(|_| 400u16)?;
    if text.chars().any(char::is_control) {
        return Err(400);
    }
    if text == "." || text == ".." || text.contains(['/', '\\']) {
        return Err(403);
    }
    Ok(text)
}

/// Decodes `%XX` escapes once; a `%` not followed by two hex digits is malformed.
fn percent_decode(text: &str) -> Result<Vec<u8>, Status> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(400u16)?;
            let hex = std::str::from_utf8(hex).map_err(|_| 400u16)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| 400u16)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(target: &str) -> Result<String, Status> {
        normalise(target).map(|path| path.decoded)
    }

    #[test]
    fn chinese_paths_and_queries_decode() {
        assert_eq!(decoded("/"), Ok(String::new()));
        assert_eq!(
            decoded("/notices/%E9%80%9A%E7%9F%A5/?page=2"),
            Ok("notices/通知/".into())
        );
        let path = normalise("/news/tea?x=1#top").unwrap();
        assert_eq!(path.raw, "/news/tea");
        assert_eq!(path.query, "?x=1#top");
        assert_eq!(decoded("/a%20b.pdf"), Ok("a b.pdf".into()));
    }

    #[test]
    fn attempts_to_leave_the_site_are_forbidden() {
        for target in [
            "/../etc/passwd",
            "/news/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/news/%2e%2e/%2e%2e/x",
            "/./index.html",
            "/..%5c..%5cwindows%5cwin.ini",
            "/%5c%5cserver%5cshare",
            "/news%2findex.html",
        ] {
            assert_eq!(decoded(target), Err(403), "{target}");
        }
    }

    #[test]
    fn malformed_targets_are_bad_requests() {
        for target in [
            "index.html",
            "http://example.com/",
            "*",
            "/a%00b",
            "/%zz",
            "/%4",
            "/%ff%fe",
            "/a\tb",
            "/\u{901a}",
        ] {
            assert_eq!(decoded(target), Err(400), "{target:?}");
        }
    }

    #[test]
    fn absolute_and_doubled_paths_name_nothing() {
        assert_eq!(decoded("//etc/passwd"), Err(404));
        assert_eq!(decoded("/news//tea/"), Err(404));
        // Decoding happens once: a doubly encoded dot-dot is an odd but harmless name.
        assert_eq!(decoded("/%252e%252e/x"), Ok("%2e%2e/x".into()));
    }

    #[test]
    fn request_heads_parse_with_keep_alive_rules() {
        let head = "GET /a/ HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
        assert_eq!(
            parse_head(head),
            Ok(Request {
                method: Method::Get,
                target: "/a/".into(),
                keep_alive: true,
                host: Some("x".into()),
                content_length: 0,
                headers: Vec::new(),
            })
        );
        let close = parse_head("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        assert_eq!((close.method, close.keep_alive), (Method::Head, false));
        assert!(!parse_head("GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive);
        assert_eq!(
            parse_head("PUT / HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap()
                .method,
            Method::Other
        );
        let post = parse_head(
            "POST /a HTTP/1.1\r\nHost: x\r\nOrigin: http://x\r\nContent-Length: 5\r\nCookie: c\r\n\r\n",
        )
        .unwrap();
        assert_eq!((post.method, post.content_length), (Method::Post, 5));
        assert_eq!(post.header("origin"), Some("http://x"));
        assert_eq!(post.headers.len(), 1, "only the desk's headers are kept");
    }

    #[test]
    fn bad_heads_are_refused() {
        assert_eq!(parse_head("GET /\r\n\r\n"), Err(400));
        assert_eq!(parse_head("GET  / HTTP/1.1\r\n\r\n"), Err(400));
        assert_eq!(parse_head("GET / HTTP/2.0\r\n\r\n"), Err(505));
        assert_eq!(parse_head("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), Err(400));
        assert_eq!(parse_head("GET / HTTP/1.1\r\n\r\n"), Err(400), "no Host");
        assert_eq!(
            parse_head("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            Err(400)
        );
        assert_eq!(
            parse_head("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n"),
            Err(400)
        );
        assert_eq!(
            parse_head(
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n"
            ),
            Err(400)
        );
        assert_eq!(
            parse_head("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Err(400)
        );
        assert!(parse_head("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").is_ok());
    }

    #[test]
    fn only_loopback_names_and_the_bound_address_are_allowed_hosts() {
        let loopback: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "preview.localhost:1111",
            "127.0.0.1:1111",
            "127.0.0.2",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_allowed_host(host, loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "192.168.1.20:1111",
            "[::1",
            "",
        ] {
            assert!(!is_allowed_host(host, loopback), "{host}");
        }
        let lan: std::net::IpAddr = "192.168.1.20".parse().unwrap();
        assert!(is_allowed_host("192.168.1.20:1111", lan));
        assert!(!is_allowed_host("192.168.1.21:1111", lan));
        let every: std::net::IpAddr = "0.0.0.0".parse().unwrap();
        assert!(is_allowed_host("192.168.1.21:1111", every));
        assert!(!is_allowed_host("evil.example:1111", every));
    }
}
