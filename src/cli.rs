//! Command-line types: one args struct per subcommand. Help is bilingual so it reads for every
//! editor whatever the terminal's locale.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jianbao::i18n::Lang;

/// jianbao（简报）：驻村工作成效与政务信息静态网站生成器
/// — a static-site generator for work-team reports, bulletins and policy notices.
#[derive(Debug, Parser)]
#[command(name = "jianbao", version, about, long_about = None)]
pub struct Cli {
    /// 提示信息的语言（默认按系统语言）/ language of messages (default: from the locale)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成网站 / build the site
    Build(BuildArgs),
    /// 新建网站 / create a new site
    Init(InitArgs),
    /// 本地预览，保存后自动刷新浏览器 / preview locally; browsers refresh on save
    Serve(ServeArgs),
    /// 发布前检查全站（不生成文件）/ check the whole site before publishing (writes nothing)
    Check(CheckArgs),
    /// 导入 Word/WPS 文档或文本，生成页面 / import Word/WPS documents or text as pages
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 网站文件夹（含 site.yaml）/ the site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 输出文件夹（默认 site.yaml 的 output_dir）/ output folder (default: output_dir in site.yaml)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// 覆盖 site.yaml 的 base_url / override base_url from site.yaml
    #[arg(long)]
    pub base_url: Option<String>,
    /// 同时发布草稿 / publish drafts too
    #[arg(long)]
    pub drafts: bool,
    /// 同时发布日期在未来的文章 / publish pages dated in the future too
    #[arg(long)]
    pub future: bool,
    /// 生成可直接从磁盘打开的网站（链接全部相对）/ make a site that works opened from disk (all links relative)
    #[arg(long)]
    pub relative: bool,
    /// 不生成站内搜索（覆盖 site.yaml 的 search）/ leave out site search (overrides search in site.yaml)
    #[arg(long)]
    pub no_search: bool,
    /// 监视文件变化，保存后自动重新生成 / watch for changes and rebuild on save
    #[arg(long)]
    pub watch: bool,
    /// 用轮询代替系统通知（网络共享、WSL 的 /mnt/c、容器挂载）/ poll instead of OS notifications (network shares, WSL /mnt/c, container mounts)
    #[arg(long, requires = "watch")]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 网站文件夹（含 site.yaml）/ the site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 端口；0 表示自动选择空闲端口 / port; 0 picks a free one
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// 监听地址；0.0.0.0 会让同一网络中的其他人也能访问 / address to listen on; 0.0.0.0 lets others on the network in
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// 启动后打开浏览器 / open the preview in a browser
    #[arg(long)]
    pub open: bool,
    /// 同时预览草稿 / include drafts
    #[arg(long)]
    pub drafts: bool,
    /// 用轮询代替系统通知（网络共享、WSL 的 /mnt/c、容器挂载）/ poll instead of OS notifications (network shares, WSL /mnt/c, container mounts)
    #[arg(long)]
    pub poll: bool,
    /// 同时打开浏览器里的编辑台（只限本机）/ serve the editing desk too (this computer only)
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 网站文件夹（含 site.yaml）/ the site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 输出格式：human（给人看）或 json（每行一个 JSON 对象，给 CI 用）/ output format: human, or json (one object per line, for CI)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// 有警告也算不通过（退出码 1）/ fail (exit 1) on warnings too
    #[arg(long)]
    pub strict: bool,
    /// 按这一天检查栏目更新和有效期（默认今天）/ judge freshness and validity as of this day (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
    /// 先自动修正半角标点、发文字号括号（改写文件并显示差异），再检查 / first apply the safe fixes (half-width punctuation, document-number brackets), rewriting the files and printing a diff, then check
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 要导入的文件或文件夹（.docx .doc .wps .odt .txt .md）/ files or folders to import
    #[arg(required = true, value_name = "FILE_OR_FOLDER")]
    pub inputs: Vec<PathBuf>,
    /// 放入哪个栏目（content/ 下的文件夹；默认按类型）/ the section (folder under content/; default by type)
    #[arg(long = "to", value_name = "SECTION")]
    pub section: Option<String>,
    /// 页面类型 / page type
    #[arg(long = "type", value_enum, default_value_t = TypeArg::Article)]
    pub content_type: TypeArg,
    /// 页面文件夹名（只用于一个文件；默认取标题，或按 site.yaml 的 import.slug）/ the page's folder name (one file only; default: from the title, or as site.yaml's import.slug says)
    #[arg(long)]
    pub slug: Option<String>,
    /// 网站文件夹（含 site.yaml）/ the site folder (holding site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 只显示将写入什么，不写文件 / show what would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// 覆盖已有页面（原页面先备份）/ replace existing pages (the old ones are backed up)
    #[arg(long)]
    pub force: bool,
    /// 新页面的发布日期，也是检查依据的日期（默认为网站时区的今天）/ publication date of the new pages, and the day checks judge by (default: today in the site's time zone)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    Article,
    Policy,
    Bulletin,
    Report,
}

impl From<TypeArg> for jianbao::content::gov::ContentType {
    fn from(arg: TypeArg) -> Self {
        use jianbao::content::gov::ContentType;
        match arg {
            TypeArg::Article => ContentType::Article,
            TypeArg::Policy => ContentType::Policy,
            TypeArg::Bulletin => ContentType::Bulletin,
            TypeArg::Report => ContentType::Report,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 新网站的文件夹（不存在或为空）/ folder for the new site (missing or empty)
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}
