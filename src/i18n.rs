//! The two languages every message a person reads is written in.
//!
//! Content code builds a [`Text`] holding both wordings; only the printer picks one. That keeps the
//! pipeline free of a global "current language" and lets one build serve a Chinese terminal and an
//! English CI log alike.

use std::fmt;

/// The language messages are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese, the default for our editors.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from a locale string such as `zh_CN.UTF-8` or `en_US`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks the language from the usual locale variables, in the order POSIX gives them.
    /// With none set — as on Windows, where most of our editors work and no such variable exists
    /// — messages are in Chinese.
    pub fn from_env() -> Lang {
        Lang::from_vars(|key| std::env::var(key).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|key| var(key))
            .find(|value| !value.is_empty())
            .map_or(Lang::Zh, |value| Lang::from_locale(&value))
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The Chinese wording.
    pub zh: String,
    /// The English wording.
    pub en: String,
}

impl Text {
    /// Builds a message from its two wordings.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The wording for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Wraps the text so that it displays in `lang`.
    pub fn in_lang(&self, lang: Lang) -> impl fmt::Display + '_ {
        self.get(lang)
    }
}

/// `n` and an English noun in the number it takes: `1 page`, `3 pages`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the operating system said, in both languages: the common failures in words an editor
/// knows, anything else as the system's own (English) description.
pub fn os_error(err: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    let (zh, en) = match err.kind() {
        ErrorKind::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        ErrorKind::PermissionDenied => (
            "没有权限（请换一个文件夹，或请管理员开放权限）",
            "permission denied (choose another folder or ask for access)",
        ),
        ErrorKind::DirectoryNotEmpty => ("文件夹不是空的", "the folder is not empty"),
        ErrorKind::AlreadyExists => (
            "已经存在同名的文件或文件夹",
            "a file or folder of that name exists",
        ),
        ErrorKind::InvalidFilename => (
            "文件名太长或含有不允许的字符",
            "the file name is too long or has characters the system does not allow",
        ),
        ErrorKind::StorageFull => ("磁盘空间已满", "no space left on the disk"),
        ErrorKind::ReadOnlyFilesystem => ("磁盘是只读的", "the disk is read-only"),
        ErrorKind::NotADirectory => ("路径中有一段不是文件夹", "part of the path is not a folder"),
        ErrorKind::IsADirectory => ("这是文件夹，不是文件", "that is a folder, not a file"),
        _ => {
            let system = err.to_string();
            return Text::new(format!("系统错误：{system}"), system);
        }
    };
    Text::new(zh, en)
}

/// Builds a [`Text`] from a Chinese and an English format string with the same arguments.
#[macro_export]
macro_rules! text {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::i18n::Text::new(format!($zh), format!($en))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_take_the_singular_for_one() {
        assert_eq!(counted(1, "page", "pages"), "1 page");
        assert_eq!(counted(0, "page", "pages"), "0 pages");
        assert_eq!(counted(12, "list page", "list pages"), "12 list pages");
    }

    #[test]
    fn chinese_locales_choose_chinese() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        // No locale variable at all (Windows): Chinese; an empty one does not count.
        assert_eq!(Lang::from_vars(|_| None), Lang::Zh);
        assert_eq!(Lang::from_vars(|_| Some(String::new())), Lang::Zh);
        let lang = |key: &str| (key == "LANG").then(|| "en_US.UTF-8".to_string());
        assert_eq!(Lang::from_vars(lang), Lang::En);
        let all = |key: &str| (key == "LC_ALL").then(|| "zh_CN.UTF-8".to_string());
        assert_eq!(Lang::from_vars(all), Lang::Zh);
    }

    #[test]
    fn common_system_errors_are_worded_in_both_languages() {
        let not_found = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(os_error(&not_found).zh, "文件或文件夹不存在");
        assert_eq!(os_error(&not_found).en, "no such file or folder");
        let other = std::io::Error::other("odd");
        assert_eq!(os_error(&other).zh, "系统错误：odd");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn linux_name_too_long_and_disk_full_are_recognised() {
        // ENAMETOOLONG and ENOSPC as the kernel reports them.
        let too_long = std::io::Error::from_raw_os_error(36);
        assert_eq!(os_error(&too_long).zh, "文件名太长或含有不允许的字符");
        let full = std::io::Error::from_raw_os_error(28);
        assert_eq!(os_error(&full).en, "no space left on the disk");
    }

    #[test]
    fn text_macro_formats_both_wordings() {
        let n = 3;
        let t = text!("共 {n} 页", "{n} pages");
        assert_eq!(t.get(Lang::Zh), "共 3 页");
        assert_eq!(t.get(Lang::En), "3 pages");
    }
}
