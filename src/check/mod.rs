//! `jianbao check`: the pre-publish gate. `rules` holds the text rules (placeholders, spam,
//! typos, personal data, document numbers, punctuation, accessibility in content).

pub mod rules;
