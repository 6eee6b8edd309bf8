//! Who may use the desk: the per-run secrets and the checks every request passes before its
//! body is read.
//!
//! The desk writes into the site, so a request is answered only when it carries the random
//! token of this run in its path (the address `serve --edit` printed), comes from the desk's own
//! page (`Origin` equal to its `Host`, no cross-site `Sec-Fetch-Site`), and — for a write — also
//! carries the second secret in a header only the desk's script sends, with a JSON or binary
//! body under a size limit. A page elsewhere cannot read the secrets and cannot send the header
//! without a preflight the desk never answers. Pure: no sockets, no files.

use crate::i18n::Text;

/// The longest body a write may send: the fields and Markdown of one page.
pub const MAX_JSON: u64 = 4 * 1024 * 1024;
/// The longest upload: a photo or a Word document.
pub const MAX_UPLOAD: u64 = 32 * 1024 * 1024;

/// The random values of one run, in hex.
#[derive(Clone)]
pub struct Secrets {
    /// In the desk's address; every request needs it.
    pub token: String,
    /// In the desk's pages; every write sends it back in `X-Jianbao-CSRF`.
    pub csrf: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(…)")
    }
}

impl Secrets {
    /// Two fresh 128-bit values from the operating system's generator.
    pub fn generate() -> Result<Secrets, Text> {
        Ok(Secrets {
            token: random_hex()?,
            csrf: random_hex()?,
        })
    }
}

fn random_hex() -> Result<String, Text> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| {
        text!(
            "无法取得随机数来保护编辑台：{err}",
            "cannot get random numbers to protect the desk: {err}"
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What a request says about itself, as far as the checks need.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// Whether it writes (`POST`).
    pub writes: bool,
    /// The `Host` header.
    pub host: Option<&'a str>,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The `Sec-Fetch-Site` header.
    pub fetch_site: Option<&'a str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `X-Jianbao-CSRF` header.
    pub csrf: Option<&'a str>,
    /// The announced body length.
    pub content_length: u64,
}

/// Why a request is refused: the status and what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 403, 405, 413 or 415.
    pub status: u16,
    /// The reason, in both languages.
    pub reason: Text,
}

impl Refusal {
    fn new(status: u16, reason: Text) -> Refusal {
        Refusal { status, reason }
    }
}

/// Whether `token` (the first path segment after the desk's prefix) is this run's.
pub fn check_token(secrets: &Secrets, token: &str) -> Result<(), Refusal> {
    if same_secret(token, &secrets.token) {
        Ok(())
    } else {
        Err(Refusal::new(
            403,
            text!(
                "地址里没有正确的编辑台口令。请使用 jianbao serve --edit 启动时打印的完整地址。",
                "the address lacks this desk's token. Open the full address jianbao serve --edit printed."
            ),
        ))
    }
}

/// The checks on where a request comes from and, for a write, what it carries. `upload` when
/// the route takes a file (bigger limit, binary body).
pub fn check_caller(secrets: &Secrets, caller: &Caller<'_>, upload: bool) -> Result<(), Refusal> {
    let forbidden = |reason: Text| Err(Refusal::new(403, reason));
    if let Some(site) = caller.fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return forbidden(text!(
            "编辑台只接受来自它自己页面的请求。",
            "the desk only answers requests from its own pages."
        ));
    }
    let origin_ok = match (caller.origin, caller.host) {
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        (Some(_), None) => false,
        (None, _) => !caller.writes,
    };
    if !origin_ok {
        return forbidden(text!(
            "请求来源（Origin）不是编辑台本身，已拒绝。",
            "the request's Origin is not the desk itself; refused."
        ));
    }
    if !caller.writes {
        return Ok(());
    }
    if !caller
        .csrf
        .is_some_and(|sent| same_secret(sent, &secrets.csrf))
    {
        return forbidden(text!(
            "保存请求缺少编辑台的校验码（可能来自别的网页）。请在编辑台页面里操作。",
            "the write lacks the desk's check value (it may come from another page). Use the desk's own page."
        ));
    }
    let kind = caller
        .content_type
        .and_then(|t| t.split(';').next())
        .map(str::trim);
    let expected = if upload {
        "application/octet-stream"
    } else {
        "application/json"
    };
    if kind != Some(expected) {
        return Err(Refusal::new(
            415,
            text!(
                "请求内容类型应为 {expected}。",
                "the request's Content-Type should be {expected}."
            ),
        ));
    }
    check_size(caller.content_length, upload)
}

/// Refuses a body over the route's limit, before it is read.
pub fn check_size(length: u64, upload: bool) -> Result<(), Refusal> {
    let limit = if upload { MAX_UPLOAD } else { MAX_JSON };
    if length <= limit {
        return Ok(());
    }
    let mib = limit / (1024 * 1024);
    let sent = length.div_ceil(1024 * 1024);
    Err(Refusal::new(
        413,
        text!(
            "文件太大（约 {sent} MB），编辑台一次最多接收 {mib} MB。照片请先缩小，大文件请直接放进页面文件夹。",
            "the file is too large (about {sent} MB); the desk takes at most {mib} MB at a time. Shrink photos first, or put large files into the page folder yourself."
        ),
    ))
}

/// Compares two secrets in time independent of where they first differ.
fn same_secret(sent: &str, secret: &str) -> bool {
    let (a, b) = (sent.as_bytes(), secret.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets {
            token: "t0k3n".into(),
            csrf: "c5rf".into(),
        }
    }

    fn write<'a>() -> Caller<'a> {
        Caller {
            writes: true,
            host: Some("127.0.0.1:1111"),
            origin: Some("http://127.0.0.1:1111"),
            fetch_site: Some("same-origin"),
            content_type: Some("application/json"),
            csrf: Some("c5rf"),
            content_length: 10,
        }
    }

    fn status(result: Result<(), Refusal>) -> u16 {
        result.err().map_or(200, |r| r.status)
    }

    #[test]
    fn generated_secrets_differ_and_are_long() {
        let (a, b) = (Secrets::generate().unwrap(), Secrets::generate().unwrap());
        assert_eq!(a.token.len(), 32);
        assert_ne!(a.token, b.token);
        assert_ne!(a.token, a.csrf);
    }

    #[test]
    fn only_this_runs_token_opens_the_desk() {
        assert!(check_token(&secrets(), "t0k3n").is_ok());
        for wrong in ["", "t0k3", "t0k3n2", "T0K3N"] {
            assert_eq!(status(check_token(&secrets(), wrong)), 403, "{wrong}");
        }
    }

    #[test]
    fn a_write_needs_its_origin_csrf_type_and_size() {
        let s = secrets();
        assert_eq!(status(check_caller(&s, &write(), false)), 200);
        let cases: [(Caller, u16); 8] = [
            (
                Caller {
                    origin: None,
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    origin: Some("http://evil.example"),
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    origin: Some("http://127.0.0.1:2222"),
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    fetch_site: Some("cross-site"),
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    csrf: None,
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    csrf: Some("c5rg"),
                    ..write()
                },
                403,
            ),
            (
                Caller {
                    content_type: Some("application/x-www-form-urlencoded"),
                    ..write()
                },
                415,
            ),
            (
                Caller {
                    content_length: MAX_JSON + 1,
                    ..write()
                },
                413,
            ),
        ];
        for (caller, expected) in cases {
            assert_eq!(
                status(check_caller(&s, &caller, false)),
                expected,
                "{caller:?}"
            );
        }
        let upload = Caller {
            content_type: Some("application/octet-stream"),
            content_length: MAX_JSON + 1,
            ..write()
        };
        assert_eq!(status(check_caller(&s, &upload, true)), 200);
        let huge = Caller {
            content_length: 100 * 1024 * 1024,
            ..upload
        };
        let refusal = check_caller(&s, &huge, true).unwrap_err();
        assert_eq!(refusal.status, 413);
        assert!(
            refusal.reason.zh.contains("100 MB"),
            "{}",
            refusal.reason.zh
        );
    }

    #[test]
    fn reading_needs_no_csrf_but_a_foreign_origin_is_refused() {
        let s = secrets();
        let read = Caller {
            writes: false,
            origin: None,
            csrf: None,
            content_type: None,
            content_length: 0,
            ..write()
        };
        assert_eq!(status(check_caller(&s, &read, false)), 200);
        let foreign = Caller {
            origin: Some("http://evil.example"),
            ..read
        };
        assert_eq!(status(check_caller(&s, &foreign, false)), 403);
    }
}
