//! The language of the kept text: the script when most letters are not
//! Latin, else a vote of common short words; "en" unless clearly otherwise.

pub fn detect(paragraphs: &[String]) -> &'static str {
    let text = paragraphs.join("\n");
    script_language(&text)
        .or_else(|| latin_language(&text))
        .unwrap_or("en")
}

fn script_language(text: &str) -> Option<&'static str> {
    let mut counts: [usize; 10] = [0; 10];
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        let slot = match c as u32 {
            0x3040..=0x30FF => 0,                   // kana
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => 1, // Han
            0xAC00..=0xD7AF | 0x1100..=0x11FF => 2, // Hangul
            0x0400..=0x04FF => 3,
            0x0600..=0x06FF => 4,
            0x0370..=0x03FF => 5,
            0x0590..=0x05FF => 6,
            0x0900..=0x097F => 7,
            0x0E00..=0x0E7F => 8,
            _ => 9, // Latin and the rest
        };
        counts[slot] += 1;
    }
    let non_latin: usize = counts[..9].iter().sum();
    if letters == 0 || non_latin * 10 < letters * 3 {
        return None;
    }
    if counts[0] > 0 && counts[0] * 20 >= counts[0] + counts[1] {
        return Some("ja");
    }
    const CODES: [&str; 9] = ["ja", "zh", "ko", "ru", "ar", "el", "he", "hi", "th"];
    let best = (1..9).max_by_key(|&i| counts[i])?;
    Some(CODES[best])
}

/// Counts of frequent function words; another language wins only with
/// ten hits and twice the English count.
fn latin_language(text: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "of", "to", "is", "that", "with", "for", "was", "are", "this", "from",
            ],
        ),
        (
            "fr",
            &[
                "le", "les", "des", "est", "une", "dans", "pour", "qui", "avec", "sur", "du", "au",
            ],
        ),
        (
            "de",
            &[
                "der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "den", "von",
                "auf",
            ],
        ),
        (
            "es",
            &[
                "el", "los", "las", "del", "una", "por", "con", "para", "según", "pero", "como",
                "más",
            ],
        ),
        (
            "it",
            &[
                "il", "di", "che", "della", "per", "sono", "gli", "nel", "anche", "alla", "non",
                "una",
            ],
        ),
        (
            "pt",
            &[
                "não", "uma", "com", "para", "os", "das", "dos", "são", "pelo", "mais", "também",
                "ao",
            ],
        ),
        (
            "nl",
            &[
                "het", "een", "van", "en", "niet", "dat", "met", "voor", "zijn", "ook", "wordt",
                "bij",
            ],
        ),
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let score = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
    let english = score(WORDS[0].1);
    let (code, best) = WORDS[1..]
        .iter()
        .map(|(code, list)| (*code, score(list)))
        .max_by_key(|(_, n)| *n)?;
    (best >= 10 && best >= 2 * english).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn english_by_default_and_for_english_with_some_han() {
        assert_eq!(detect(&[]), "en");
        assert_eq!(
            detect(&p(
                "OpenAI reduced models aimed at 刷新 (refreshing) benchmarks."
            )),
            "en"
        );
    }

    #[test]
    fn scripts() {
        assert_eq!(
            detect(&p("阿里巴巴集团周四表示，通义千问团队保持稳定。")),
            "zh"
        );
        assert_eq!(
            detect(&p("アリババは木曜日、チームは安定していると述べた。")),
            "ja"
        );
        assert_eq!(
            detect(&p("Алибаба заявила, что команда остаётся стабильной.")),
            "ru"
        );
    }

    #[test]
    fn latin_languages_by_function_words() {
        let fr = "Le groupe a confirmé que les équipes restent stables et que la stratégie \
                  est maintenue pour les modèles ouverts, avec des investissements dans \
                  une infrastructure qui sert les clients sur le marché et au pays du nord.";
        assert_eq!(detect(&p(fr)), "fr");
        let de = "Der Konzern sagte, dass die Mannschaft stabil ist und nicht zerfällt; \
                  die Strategie mit offenen Modellen bleibt, und der Vorstand will von \
                  den Plänen auf keinen Fall abrücken, sagte ein Sprecher der Gruppe.";
        assert_eq!(detect(&p(de)), "de");
    }
}
