//! The data templates see. Templates receive these view structs, never the domain types, so the
//! model can change without breaking users' templates; `docs/templates.md` documents every field.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Footer};
use crate::content::urls::href;
use crate::content::urls::term_segment;
use crate::content::{
    ArchiveYear, Attachment, ColumnKind, Page, Policy, Section, Site, Taxonomy, Term, Validity,
    format_rfc3339,
};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Heading, Rendered};
use crate::resolve::groups::values;

/// `site`: the same on every page (set once as Tera's global context).
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Full base URL ending in `/`.
    pub base_url: String,
    /// Path part of the base URL, starting and ending with `/`.
    pub base_path: &'a str,
    pub language: &'a str,
    pub footer: FooterView<'a>,
    /// Host of the base URL, for the SiteDomain meta tag.
    pub domain: &'a str,
    /// Links the footer identity items point at (each empty when its item is not set).
    pub footer_links: FooterLinks,
    /// Top-level sections in navigation order.
    pub menu: Vec<LinkView<'a>>,
    /// Every taxonomy's list of terms: `[{title, url}]`.
    pub taxonomies: Vec<LinkView<'a>>,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    pub generator: &'static str,
    /// Whether the site has search (the header box and `/search/`).
    pub search: bool,
    /// The site icon's URL and media type: the site's `favicon` or the theme's `favicon.svg`.
    pub favicon: String,
    pub favicon_type: &'static str,
    /// The href of the 工作成效 page, empty when no report states a figure.
    pub results: String,
    /// The href of the open-data catalogue `/data/`, empty when the site publishes no dataset.
    pub data: String,
}

/// Who runs the site, as `site.yaml`'s `footer:` says; each part `None` when not set.
#[derive(Debug, Serialize)]
pub struct FooterView<'a> {
    pub sponsor: Option<&'a str>,
    pub organizer: Option<&'a str>,
    pub address: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    /// 网站标识码.
    pub site_code: Option<&'a str>,
    /// ICP 备案号.
    pub icp: Option<&'a str>,
    /// 公安机关备案号.
    pub police_record: Option<&'a str>,
    pub copyright: Option<&'a str>,
    /// Link of the 党政机关网站标识.
    pub conac_url: Option<&'a str>,
    /// The 党政机关网站标识 image, a path under `static/`.
    pub conac_image: Option<&'a str>,
    /// Whether to show the 我为政府网站找错 link.
    pub error_report: bool,
}

impl<'a> FooterView<'a> {
    fn new(footer: &'a Footer) -> FooterView<'a> {
        FooterView {
            sponsor: footer.sponsor.as_deref(),
            organizer: footer.organizer.as_deref(),
            address: footer.address.as_deref(),
            phone: footer.phone.as_deref(),
            email: footer.email.as_deref(),
            site_code: footer.site_code.as_deref(),
            icp: footer.icp.as_deref(),
            police_record: footer.police_record.as_deref(),
            copyright: footer.copyright.as_deref(),
            conac_url: footer.conac_url.as_deref(),
            conac_image: footer.conac_image.as_deref(),
            error_report: footer.error_report,
        }
    }
}

/// One named figure of a report: `入户走访: 320 户次`.
#[derive(Debug, Serialize)]
pub struct MetricView<'a> {
    pub name: &'a str,
    /// The number as written.
    pub value: &'a str,
    /// The unit, possibly empty.
    pub unit: &'a str,
}

/// A column kind as templates see it: `news`, `notice`, `policy`, `plan` or `other`.
fn column_kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::News => "news",
        ColumnKind::Notice => "notice",
        ColumnKind::Policy => "policy",
        ColumnKind::Plan => "plan",
        ColumnKind::Other => "other",
    }
}

/// Where the footer's filing numbers link to.
#[derive(Debug, Serialize)]
pub struct FooterLinks {
    /// The MIIT filing system, for the ICP number.
    pub icp: Option<String>,
    /// The public-security filing site, with the record number.
    pub police_record: Option<String>,
    /// 我为政府网站找错, for this site's 网站标识码.
    pub error_report: Option<String>,
}

impl FooterLinks {
    fn new(footer: &Footer) -> FooterLinks {
        let record_digits: String = footer
            .police_record
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        FooterLinks {
            icp: footer.icp.as_ref().map(|_| "https://beian.miit.gov.cn/".to_string()),
            police_record: (!record_digits.is_empty())
                .then(|| format!("https://beian.mps.gov.cn/#/query/webSearch?code={record_digits}")),
            error_report: footer.site_code.as_ref().filter(|_| footer.error_report).map(|code| {
                format!("https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={code}")
            }),
        }
    }
}

/// A title and a URL.
#[derive(Debug, Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

/// `page` on article pages.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: &'a str,
    pub content: &'a str,
    pub toc: Vec<TocEntry<'a>>,
    pub tags: &'a [String],
    pub villages: &'a [String],
    pub team: Option<&'a str>,
    pub source: Option<&'a str>,
    pub author: Option<&'a str>,
    pub draft: bool,
    pub section: LinkView<'a>,
    pub ancestors: Vec<LinkView<'a>>,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// The page before and after this one in its section's order.
    pub previous: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    /// Pages sharing tags or villages.
    pub related: Vec<PageSummaryView<'a>>,
    /// Files offered for download.
    pub attachments: Vec<AttachmentView<'a>>,
    /// 活动照片, shown as a gallery under the text.
    pub photos: Vec<PhotoView<'a>>,
    /// Minutes to read, counted in characters for Chinese.
    pub reading_minutes: usize,
    /// Characters of text.
    pub char_count: usize,
    /// Taxonomy terms of this page with links: `[{name, title, terms: [{title, url}]}]`.
    pub taxonomies: Vec<PageTermsView<'a>>,
    /// `article`, `policy`, `bulletin` or `report`.
    pub content_type: &'static str,
    /// 信息公开 metadata (policies and interpretations).
    pub policy: Option<PolicyView<'a>>,
    /// Masthead and distribution (bulletins).
    pub bulletin: Option<BulletinView<'a>>,
    /// Revitalisation field of a report: 组织振兴 … 生态振兴.
    pub field: Option<&'static str>,
    /// Named figures: `[{name, value, unit}]`.
    pub metrics: Vec<MetricView<'a>>,
}

/// A policy's metadata table.
#[derive(Debug, Serialize)]
pub struct PolicyView<'a> {
    pub index_number: Option<&'a str>,
    pub category: Option<&'a str>,
    pub issuer: Option<&'a str>,
    /// 成文日期, RFC 3339.
    pub written: Option<String>,
    pub doc_number: Option<&'a str>,
    pub keywords: &'a [String],
    /// 有效性 as shown: 有效, 失效, 废止, or 已失效 when the validity date has passed.
    pub validity: Option<&'static str>,
    /// Whether the document is no longer in force (失效, 废止 or lapsed).
    pub invalid: bool,
    /// 有效期至, RFC 3339.
    pub valid_until: Option<String>,
    pub normative: bool,
    /// The interpretation of this policy.
    pub interpretation: Option<LinkView<'a>>,
    /// The policy this page interprets.
    pub interprets: Option<LinkView<'a>>,
}

/// A bulletin's masthead and distribution.
#[derive(Debug, Serialize)]
pub struct BulletinView<'a> {
    pub name: &'a str,
    pub issue: u32,
    pub supplement: bool,
    /// The year the issue counts in.
    pub year: Option<i16>,
    pub publisher: Option<&'a str>,
    pub internal: bool,
    pub report_to: &'a [String],
    pub send_to: &'a [String],
    pub issue_to: &'a [String],
    pub main_to: &'a [String],
    pub cc: &'a [String],
    pub copies: Option<u32>,
}

/// One photo of a page's gallery.
#[derive(Debug, Serialize)]
pub struct PhotoView<'a> {
    /// The `<picture>` (escaped already).
    pub picture: &'a str,
    /// The URL of its largest size, which the photo links to.
    pub large: &'a str,
    pub caption: Option<&'a str>,
}

/// A downloadable file.
#[derive(Debug, Serialize)]
pub struct AttachmentView<'a> {
    pub title: &'a str,
    pub url: String,
    /// `PDF`, `DOCX`, …
    pub kind: &'a str,
    /// Human size: `1.2 MB`.
    pub size: String,
    pub bytes: u64,
}

/// One taxonomy's terms on a page.
#[derive(Debug, Serialize)]
pub struct PageTermsView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub terms: Vec<LinkView<'a>>,
}

/// `taxonomy` on the list of all terms (`/tags/`).
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub terms: Vec<TermSummaryView<'a>>,
}

/// A term with its count.
#[derive(Debug, Serialize)]
pub struct TermSummaryView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// `term` on one term's page (`/tags/茶产业/`).
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub url: String,
    pub taxonomy: LinkView<'a>,
    pub count: usize,
    pub pages: Vec<PageSummaryView<'a>>,
}

/// `catalogue` on the open-data page `/data/`: every published dataset. See docs/templates.md.
#[derive(Debug, Serialize)]
pub struct CatalogueView {
    pub url: String,
    /// The same catalogue for machines: `/data/catalogue.json`.
    pub json: String,
    pub datasets: Vec<DatasetView>,
}

/// What `site.yaml`'s `data:` says of the dataset `name`: its title, description and licence.
pub(super) fn dataset_about(
    data: &crate::config::DataConfig,
    name: &str,
) -> crate::figures::open::About {
    let own = data.dataset(name);
    crate::figures::open::About {
        title: own.and_then(|d| d.title.clone()),
        description: own
            .map(|d| d.description.trim().to_string())
            .unwrap_or_default(),
        licence: data.licence_of(name).to_string(),
    }
}

/// One dataset of [`CatalogueView`].
#[derive(Debug, Serialize)]
pub struct DatasetView {
    /// `data/income.csv`, `data/报表.xlsx#收入`, or `metrics` (the reports' figures).
    pub name: String,
    /// The sheet's title row, else the file name (`income.csv`, `报表.xlsx#收入`); empty for
    /// `metrics` (the theme names it `t.data_metrics`).
    pub title: String,
    pub rows: usize,
    /// `data.datasets.<name>.description` in `site.yaml`, or empty.
    pub description: String,
    /// The dataset's licence (its own in `site.yaml`, else `data.licence`), or empty.
    pub licence: String,
    /// The newest date in the data (`2024-12`) and as shown (`2024年12月`), or empty.
    pub updated: String,
    pub updated_text: String,
    pub fields: Vec<FieldView>,
    pub csv: String,
    pub xlsx: String,
    pub json: String,
}

/// A dataset's column: `name` and `unit` (may be empty).
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: String,
    pub unit: String,
}

/// `key_figures` on the home page: the newest report stating figures (its `metrics`), or
/// nothing when no report states any. See docs/templates.md.
#[derive(Debug, Serialize)]
pub struct KeyFiguresView {
    /// The report: title and URL.
    pub report: ReportLink,
    /// `2024-12-18`, or empty for an undated report.
    pub date: String,
    /// `2024年12月18日`, or empty.
    pub date_text: String,
    /// The 工作成效 page.
    pub results_url: String,
    pub figures: Vec<KeyFigure>,
}

/// The report [`KeyFiguresView`] draws from.
#[derive(Debug, Serialize)]
pub struct ReportLink {
    pub title: String,
    pub url: String,
}

/// One figure of [`KeyFiguresView`]: `集体经济收入`, `1,480`, `万元`.
#[derive(Debug, Serialize)]
pub struct KeyFigure {
    pub name: String,
    pub value: String,
    pub unit: String,
}

/// `results` on the 工作成效 pages (`/results/`, `/results/villages/桃源村/`, …): the village's or
/// team's name (empty on the page of all), the figures' HTML and links to every results page.
#[derive(Debug, Serialize)]
pub struct ResultsView {
    pub name: String,
    pub url: String,
    /// Headings, 指标卡, charts and tables, made by `figures` (insert with `| safe`).
    pub body: String,
    pub villages: Vec<ResultsLink>,
    pub teams: Vec<ResultsLink>,
}

/// A link to a results page.
#[derive(Debug, Serialize)]
pub struct ResultsLink {
    pub name: String,
    pub url: String,
    /// The page being rendered.
    pub current: bool,
}

/// `archive` on `/archive/`: years with counts.
#[derive(Debug, Serialize)]
pub struct ArchiveView {
    pub url: String,
    pub years: Vec<ArchiveYearSummary>,
}

/// A year with its count.
#[derive(Debug, Serialize)]
pub struct ArchiveYearSummary {
    pub year: i16,
    pub url: String,
    pub count: usize,
}

/// `year` on `/archive/2025/`: months, newest first, with their pages.
#[derive(Debug, Serialize)]
pub struct ArchiveYearView<'a> {
    pub year: i16,
    pub url: String,
    pub count: usize,
    pub months: Vec<ArchiveMonthView<'a>>,
    pub archive_url: String,
}

/// One month of an archive year.
#[derive(Debug, Serialize)]
pub struct ArchiveMonthView<'a> {
    pub month: i8,
    pub count: usize,
    pub pages: Vec<PageSummaryView<'a>>,
}

/// One heading of a page, for a table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

/// A page as an entry in a list.
#[derive(Debug, Serialize)]
pub struct PageSummaryView<'a> {
    pub title: &'a str,
    pub content_type: &'static str,
    pub url: String,
    pub date: Option<String>,
    pub summary: &'a str,
    pub section: LinkView<'a>,
    /// A bulletin's issue number within its year (`第X期`), for bulletin lists.
    pub issue: Option<u32>,
    /// Whether that bulletin is a supplement (`增刊第X期`).
    pub supplement: bool,
}

/// `section` on list pages (and the home page).
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    /// This list page's entries.
    pub pages: Vec<PageSummaryView<'a>>,
    /// Child sections, each with its newest entries.
    pub subsections: Vec<SubsectionView<'a>>,
    pub ancestors: Vec<LinkView<'a>>,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// Column kind for meta tags and freshness: news, notice, policy, plan, other (or empty).
    pub kind: Option<&'static str>,
    /// Default content type of its pages.
    pub content_type: &'static str,
}

/// A child section with its newest entries, for the home page and parent lists.
#[derive(Debug, Serialize)]
pub struct SubsectionView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
    pub latest: Vec<PageSummaryView<'a>>,
}

/// `paginator` on list pages.
#[derive(Debug, Serialize)]
pub struct PaginatorView {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Every list page's number and URL, for numbered links.
    pub pages: Vec<PagerLink>,
}

/// One numbered link of a paginator.
#[derive(Debug, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Numbers were left out before this one (show an ellipsis).
    pub gap_before: bool,
}

/// Numbered links shown on each side of the current list page, besides the first and last.
const PAGER_WINDOW: usize = 3;

/// The list page numbers a paginator links to: the first, the last and a window around the
/// current one. Listing every number on every list page would make a long section's lists grow
/// with the square of its length.
fn pager_numbers(current: usize, total: usize) -> Vec<usize> {
    let from = current.saturating_sub(PAGER_WINDOW).max(1);
    let to = (current + PAGER_WINDOW).min(total);
    let mut numbers = vec![1];
    numbers.extend((from..=to).filter(|&n| n != 1 && n != total));
    if total > 1 {
        numbers.push(total);
    }
    numbers
}

/// Builds views from the site; holds what every view needs.
pub struct Views<'a> {
    pub site: &'a Site,
    /// Where the pages' bodies come from.
    pub bodies: Bodies<'a>,
}

/// Where a page's rendered body comes from when its page or feed entry shows it.
#[derive(Clone, Copy)]
pub enum Bodies<'a> {
    /// Every page kept its body when the site was loaded ([`crate::content::Keep::Everything`]).
    Kept,
    /// Bodies were not kept: each is asked of this source when it is shown.
    Reread(&'a dyn BodySource),
}

/// Gives a page's body again when the site was loaded without bodies. The build hands one to
/// render (it renders the page's file again, resolving links as the load did), so render itself
/// opens no files and can be tested with bodies from memory.
pub trait BodySource: Sync {
    /// `page`'s rendered body; an error when it cannot be had as loading saw it (its file
    /// changed since the site was loaded).
    fn body(&self, page: &Page) -> Result<Rendered, Diagnostic>;
}

impl<'a> Views<'a> {
    /// Views of a site that kept its pages' bodies.
    pub fn kept(site: &'a Site) -> Views<'a> {
        Views {
            site,
            bodies: Bodies::Kept,
        }
    }

    /// `page`'s rendered body; an error when its file changed since the site was loaded.
    pub fn body(&self, page: &'a Page) -> Result<Cow<'a, Rendered>, Diagnostic> {
        match self.bodies {
            Bodies::Kept => Ok(Cow::Borrowed(&page.body)),
            Bodies::Reread(source) => source.body(page).map(Cow::Owned),
        }
    }

    fn config(&self) -> &'a Config {
        &self.site.config
    }

    /// The href of a site path.
    pub fn url(&self, path: &str) -> String {
        href(&self.config().base_path, path, None)
    }

    /// The absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config().origin, self.url(path))
    }

    pub fn site(&self) -> SiteView<'a> {
        let config = self.config();
        let home = &self.site.sections[0];
        let has_results = self
            .site
            .data
            .get(crate::content::METRICS_DATASET)
            .is_some();
        SiteView {
            data: if self.site.data.tables().next().is_some() {
                self.url("/data/")
            } else {
                String::new()
            },
            results: if has_results {
                self.url("/results/")
            } else {
                String::new()
            },
            title: &config.title,
            description: &config.description,
            base_url: config.base_url(),
            base_path: &config.base_path,
            language: &config.language,
            domain: config.origin.split("://").nth(1).unwrap_or(""),
            footer_links: FooterLinks::new(&config.footer),
            footer: FooterView::new(&config.footer),
            menu: home
                .children
                .iter()
                .map(|&i| self.section_link(&self.site.sections[i]))
                .collect(),
            taxonomies: self
                .site
                .taxonomies
                .iter()
                .map(|t| LinkView {
                    title: &t.title,
                    url: self.url(&t.path),
                })
                .collect(),
            extra: &config.extra,
            search: config.search,
            favicon: self.url(&favicon_path(config.favicon.as_deref())),
            favicon_type: favicon_type(config.favicon.as_deref()),
            generator: concat!("jianbao ", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn section_link(&self, section: &'a Section) -> LinkView<'a> {
        LinkView {
            title: &section.title,
            url: self.url(&section.path),
        }
    }

    fn ancestors(&self, mut parent: Option<usize>) -> Vec<LinkView<'a>> {
        let mut chain = Vec::new();
        while let Some(i) = parent {
            let section = &self.site.sections[i];
            chain.push(self.section_link(section));
            parent = section.parent;
        }
        chain.reverse();
        chain
    }

    /// The view of `page`, showing `body` (its rendered body: see [`Views::body`]).
    pub fn page<'b>(&self, page: &'a Page, body: &'b Rendered) -> PageView<'b>
    where
        'a: 'b,
    {
        let section = &self.site.sections[page.section];
        PageView {
            title: &page.title,
            url: self.url(&page.path),
            permalink: self.permalink(&page.path),
            date: page.date.as_ref().map(format_rfc3339),
            updated: page.updated.as_ref().map(format_rfc3339),
            summary: &page.summary,
            content: &body.html,
            toc: body.headings.iter().map(toc_entry).collect(),
            tags: &page.tags,
            villages: &page.villages,
            team: page.team.as_deref(),
            source: page.source.as_deref(),
            author: page.author.as_deref(),
            draft: page.draft,
            section: self.section_link(section),
            ancestors: self.ancestors(Some(page.section)),
            extra: &page.extra,
            previous: page.previous.map(|i| self.page_link(&self.site.pages[i])),
            next: page.next.map(|i| self.page_link(&self.site.pages[i])),
            related: page
                .related
                .iter()
                .map(|&i| self.page_summary(&self.site.pages[i]))
                .collect(),
            attachments: page
                .attachments
                .iter()
                .map(|a| self.attachment(a))
                .collect(),
            photos: page
                .photos
                .iter()
                .filter(|p| !p.picture.is_empty())
                .map(|p| PhotoView {
                    picture: &p.picture,
                    large: &p.large,
                    caption: p.caption.as_deref(),
                })
                .collect(),
            reading_minutes: page.reading_minutes,
            char_count: page.char_count,
            taxonomies: self.page_terms(page),
            content_type: page.content_type.name(),
            policy: page.policy.as_ref().map(|p| self.policy(p)),
            bulletin: page.bulletin.as_ref().map(|b| BulletinView {
                name: &b.name,
                issue: b.issue,
                supplement: b.supplement,
                year: page.date.as_ref().map(|d| d.year()),
                publisher: b.publisher.as_deref(),
                internal: b.internal,
                report_to: &b.report_to,
                send_to: &b.send_to,
                issue_to: &b.issue_to,
                main_to: &b.main_to,
                cc: &b.cc,
                copies: b.copies,
            }),
            field: page.field,
            metrics: (page.metrics.iter())
                .map(|m| MetricView {
                    name: &m.name,
                    value: &m.value,
                    unit: &m.unit,
                })
                .collect(),
        }
    }

    fn policy(&self, policy: &'a Policy) -> PolicyView<'a> {
        let validity = match (policy.validity, policy.lapsed) {
            (Some(Validity::Valid) | None, true) => Some("已失效"),
            (Some(v), _) => Some(v.label()),
            (None, false) => None,
        };
        PolicyView {
            index_number: policy.index_number.as_deref(),
            category: policy.category.as_deref(),
            issuer: policy.issuer.as_deref(),
            written: policy.written.as_ref().map(format_rfc3339),
            doc_number: policy.doc_number.as_deref(),
            keywords: &policy.keywords,
            validity,
            invalid: policy.lapsed
                || matches!(
                    policy.validity,
                    Some(Validity::Expired | Validity::Repealed)
                ),
            valid_until: policy.valid_until.as_ref().map(format_rfc3339),
            normative: policy.normative,
            interpretation: policy
                .interpretation
                .map(|i| self.page_link(&self.site.pages[i])),
            interprets: policy
                .interprets
                .map(|i| self.page_link(&self.site.pages[i])),
        }
    }

    fn page_link(&self, page: &'a Page) -> LinkView<'a> {
        LinkView {
            title: &page.title,
            url: self.url(&page.path),
        }
    }

    fn attachment(&self, attachment: &'a Attachment) -> AttachmentView<'a> {
        AttachmentView {
            title: &attachment.title,
            url: self.url(&attachment.path),
            kind: &attachment.kind,
            size: human_size(attachment.bytes),
            bytes: attachment.bytes,
        }
    }

    fn page_terms(&self, page: &'a Page) -> Vec<PageTermsView<'a>> {
        self.site
            .taxonomies
            .iter()
            .map(|taxonomy| PageTermsView {
                name: &taxonomy.name,
                title: &taxonomy.title,
                terms: values(&taxonomy.name, page)
                    .iter()
                    .filter_map(|value| {
                        // Terms are sorted by their URL segment, so a binary search finds one.
                        let segment = term_segment(value);
                        let prefix = taxonomy.path.len();
                        let position = taxonomy.terms.binary_search_by(|t| {
                            t.path[prefix..t.path.len() - 1].cmp(segment.as_str())
                        });
                        position.ok().map(|i| &taxonomy.terms[i])
                    })
                    .map(|term| LinkView {
                        title: &term.name,
                        url: self.url(&term.path),
                    })
                    .collect(),
            })
            .filter(|view| !view.terms.is_empty())
            .collect()
    }

    pub fn taxonomy(&self, taxonomy: &'a Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            name: &taxonomy.name,
            title: &taxonomy.title,
            url: self.url(&taxonomy.path),
            terms: taxonomy
                .terms
                .iter()
                .map(|t| TermSummaryView {
                    name: &t.name,
                    url: self.url(&t.path),
                    count: t.pages.len(),
                })
                .collect(),
        }
    }

    /// Page `number` (1-based) of a term's list.
    pub fn term(
        &self,
        taxonomy: &'a Taxonomy,
        term: &'a Term,
        number: usize,
        page_size: usize,
    ) -> (TermView<'a>, PaginatorView) {
        let entries = term
            .pages
            .iter()
            .skip((number - 1) * page_size)
            .take(page_size);
        let view = TermView {
            name: &term.name,
            url: self.url(&term.path),
            taxonomy: LinkView {
                title: &taxonomy.title,
                url: self.url(&taxonomy.path),
            },
            count: term.pages.len(),
            pages: entries
                .map(|&i| self.page_summary(&self.site.pages[i]))
                .collect(),
        };
        (
            view,
            self.paginator(&term.path, term.pages.len(), page_size, number),
        )
    }

    /// The open-data catalogue.
    pub fn catalogue(&self) -> CatalogueView {
        let about = |name: &str| dataset_about(&self.site.config.data, name);
        let datasets = crate::figures::open::catalogue(&self.site.data, &about)
            .into_iter()
            .map(|entry| {
                let title = if !entry.title.is_empty() {
                    entry.title
                } else if entry.name == crate::content::METRICS_DATASET {
                    String::new()
                } else {
                    entry.name.trim_start_matches("data/").to_string()
                };
                let (updated, updated_text) = entry.updated.unwrap_or_default();
                DatasetView {
                    title,
                    rows: entry.rows,
                    updated,
                    updated_text,
                    fields: (entry.fields.into_iter())
                        .map(|(name, unit, _)| FieldView { name, unit })
                        .collect(),
                    description: entry.description,
                    licence: entry.licence,
                    csv: self.url(&format!("{}.csv", entry.download)),
                    xlsx: if entry.xlsx {
                        self.url(&format!("{}.xlsx", entry.download))
                    } else {
                        String::new()
                    },
                    json: self.url(&format!("{}.json", entry.download)),
                    name: entry.name,
                }
            })
            .collect();
        CatalogueView {
            url: self.url("/data/"),
            json: self.url(crate::figures::open::CATALOGUE_JSON),
            datasets,
        }
    }

    /// The home page's latest key figures, when a report states any.
    pub fn key_figures(&self) -> Option<KeyFiguresView> {
        let latest = super::results::latest(self.site)?;
        Some(KeyFiguresView {
            report: ReportLink {
                title: latest.title,
                url: latest.url,
            },
            date: latest.date,
            date_text: latest.date_zh,
            results_url: self.url("/results/"),
            figures: (latest.figures.into_iter())
                .map(|(name, value, unit)| KeyFigure { name, value, unit })
                .collect(),
        })
    }

    pub fn results(&self, pages: &[super::results::ResultsPage], i: usize) -> ResultsView {
        use super::results::Scope;
        let page = &pages[i];
        let link = |(j, p): (usize, &super::results::ResultsPage)| {
            let name = match &p.scope {
                Scope::Village(n) | Scope::Team(n) => n.clone(),
                Scope::All => String::new(),
            };
            ResultsLink {
                name,
                url: self.url(&p.path),
                current: i == j,
            }
        };
        let of = |village: bool| {
            (pages.iter().enumerate())
                .filter(|(_, p)| {
                    matches!(
                        (&p.scope, village),
                        (Scope::Village(_), true) | (Scope::Team(_), false)
                    )
                })
                .map(link)
                .collect()
        };
        ResultsView {
            name: match &page.scope {
                Scope::Village(n) | Scope::Team(n) => n.clone(),
                Scope::All => String::new(),
            },
            url: self.url(&page.path),
            body: super::results::body(self.site, page),
            villages: of(true),
            teams: of(false),
        }
    }

    pub fn archive(&self) -> ArchiveView {
        ArchiveView {
            url: self.url("/archive/"),
            years: self
                .site
                .archive
                .iter()
                .map(|y| ArchiveYearSummary {
                    year: y.year,
                    url: self.url(&y.path),
                    count: y.months.iter().map(|m| m.1.len()).sum(),
                })
                .collect(),
        }
    }

    pub fn archive_year(&self, year: &'a ArchiveYear) -> ArchiveYearView<'a> {
        ArchiveYearView {
            year: year.year,
            url: self.url(&year.path),
            count: year.months.iter().map(|m| m.1.len()).sum(),
            months: year
                .months
                .iter()
                .map(|(month, pages)| ArchiveMonthView {
                    month: *month,
                    count: pages.len(),
                    pages: pages
                        .iter()
                        .map(|&i| self.page_summary(&self.site.pages[i]))
                        .collect(),
                })
                .collect(),
            archive_url: self.url("/archive/"),
        }
    }

    fn paginator(
        &self,
        path: &str,
        entries: usize,
        page_size: usize,
        number: usize,
    ) -> PaginatorView {
        let total = entries.div_ceil(page_size.max(1)).max(1);
        let page_url = |n: usize| {
            if n == 1 {
                self.url(path)
            } else {
                self.url(&format!("{path}page/{n}/"))
            }
        };
        PaginatorView {
            current: number,
            total,
            previous: (number > 1).then(|| page_url(number - 1)),
            next: (number < total).then(|| page_url(number + 1)),
            pages: pager_numbers(number, total)
                .into_iter()
                .scan(0, |previous, n| {
                    let gap_before = *previous != 0 && n > *previous + 1;
                    *previous = n;
                    Some(PagerLink {
                        number: n,
                        url: page_url(n),
                        current: n == number,
                        gap_before,
                    })
                })
                .collect(),
        }
    }

    pub fn page_summary(&self, page: &'a Page) -> PageSummaryView<'a> {
        PageSummaryView {
            title: &page.title,
            content_type: page.content_type.name(),
            url: self.url(&page.path),
            date: page.date.as_ref().map(format_rfc3339),
            summary: &page.summary,
            section: self.section_link(&self.site.sections[page.section]),
            issue: page.bulletin.as_ref().map(|b| b.issue),
            supplement: page.bulletin.as_ref().is_some_and(|b| b.supplement),
        }
    }

    /// The list page number `number` (1-based) of `section`.
    pub fn section(
        &self,
        section: &'a Section,
        number: usize,
        latest: usize,
    ) -> (SectionView<'a>, PaginatorView) {
        let start = (number - 1) * section.page_size;
        let entries = section.pages.iter().skip(start).take(section.page_size);
        let view = SectionView {
            title: &section.title,
            description: &section.description,
            url: self.url(&section.path),
            permalink: self.permalink(&section.path),
            content: &section.content,
            pages: entries
                .map(|&i| self.page_summary(&self.site.pages[i]))
                .collect(),
            subsections: section
                .children
                .iter()
                .map(|&i| self.subsection(&self.site.sections[i], latest))
                .collect(),
            ancestors: self.ancestors(section.parent),
            extra: &section.extra,
            kind: section.kind.map(column_kind_name),
            content_type: section.content_type.name(),
        };
        let paginator = self.paginator(
            &section.path,
            section.pages.len(),
            section.page_size,
            number,
        );
        (view, paginator)
    }

    fn subsection(&self, section: &'a Section, latest: usize) -> SubsectionView<'a> {
        SubsectionView {
            title: &section.title,
            description: &section.description,
            url: self.url(&section.path),
            count: section.pages.len(),
            latest: section
                .pages
                .iter()
                .take(latest)
                .map(|&i| self.page_summary(&self.site.pages[i]))
                .collect(),
        }
    }
}

/// `1.2 MB`, `350 KB`, `800 B`: sizes as download lists show them.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else if b >= KB {
        format!("{:.0} KB", (b / KB).max(1.0))
    } else {
        format!("{bytes} B")
    }
}

fn toc_entry(heading: &Heading) -> TocEntry<'_> {
    TocEntry {
        level: heading.level,
        id: &heading.id,
        title: &heading.title,
    }
}

/// The site path of the site's icon: its own file in `static/`, or the theme's.
pub fn favicon_path(own: Option<&str>) -> String {
    format!("/{}", own.unwrap_or("favicon.svg").trim_start_matches('/'))
}

/// The media type browsers want in `<link rel="icon" type=…>`, from the file's extension.
fn favicon_type(own: Option<&str>) -> &'static str {
    let name = own.unwrap_or("favicon.svg").to_ascii_lowercase();
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("gif") => "image/gif",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_first_last_and_a_window() {
        assert_eq!(pager_numbers(1, 1), [1]);
        assert_eq!(pager_numbers(1, 3), [1, 2, 3]);
        assert_eq!(pager_numbers(1, 100), [1, 2, 3, 4, 100]);
        assert_eq!(pager_numbers(50, 100), [1, 47, 48, 49, 50, 51, 52, 53, 100]);
        assert_eq!(pager_numbers(100, 100), [1, 97, 98, 99, 100]);
    }
}
