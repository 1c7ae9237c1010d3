//! Month names as European pages print them: full names in the nominative
//! and in the genitive or partitive that follows a day number ("7 марта",
//! "7 marca", "7. maaliskuuta"), and the usual abbreviations. One row per
//! month; a word matches a listed form, or is an abbreviation of one
//! (three letters or more) that no other month's forms begin with.

#[rustfmt::skip]
const FORMS: [&[&str]; 12] = [
    &["january", "jan", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "gennaio", "gen",
      "janeiro", "januari", "styczeń", "stycznia", "sty", "январь", "января", "янв", "січень", "січня",
      "січ", "tammikuu", "tammikuuta", "leden", "ledna", "ocak", "ianuarie", "január", "ιανουάριος",
      "ιανουαρίου", "ιαν", "sausis", "sausio", "janvāris", "januára"],
    &["february", "feb", "februar", "février", "févr", "fév", "febrero", "febbraio", "fevereiro", "fev",
      "februari", "luty", "lutego", "lut", "февраль", "февраля", "фев", "февр", "лютий", "лютого", "лют",
      "helmikuu", "helmikuuta", "únor", "února", "şubat", "februarie", "február", "φεβρουάριος",
      "φεβρουαρίου", "φεβ", "vasaris", "vasario", "februāris", "februára"],
    &["march", "mar", "märz", "mär", "mars", "marzo", "março", "maart", "marts", "marca", "marzec",
      "март", "марта", "мар", "березень", "березня", "бер", "maaliskuu", "maaliskuuta", "březen",
      "března", "mart", "martie", "március", "μάρτιος", "μαρτίου", "μαρ", "kovas", "kovo", "marec"],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia", "kwi",
      "апрель", "апреля", "апр", "квітень", "квітня", "кві", "huhtikuu", "huhtikuuta", "duben", "dubna",
      "nisan", "aprilie", "április", "απρίλιος", "απριλίου", "απρ", "balandis", "balandžio", "aprīlis", "apríl", "apríla"],
    &["may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "maja", "май", "мая", "травень",
      "травня", "тра", "toukokuu", "toukokuuta", "květen", "května", "mayıs", "május", "μάιος",
      "μαΐου", "μαΐ", "gegužė", "gegužės", "maijs", "máj", "mája"],
    &["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwiec", "czerwca", "cze",
      "июнь", "июня", "июн", "червень", "червня", "чер", "kesäkuu", "kesäkuuta", "červen", "června",
      "haziran", "iunie", "június", "ιούνιος", "ιουνίου", "ιουν", "birželis", "birželio", "jūnijs", "jún", "júna", "junij"],
    &["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipiec", "lipca",
      "lip", "июль", "июля", "июл", "липень", "липня", "лип", "heinäkuu", "heinäkuuta", "červenec",
      "července", "temmuz", "iulie", "július", "ιούλιος", "ιουλίου", "ιουλ", "liepa", "liepos", "jūlijs", "júl", "júla", "julij"],
    &["august", "aug", "août", "agosto", "ago", "augustus", "sierpień", "sierpnia", "sie", "август",
      "августа", "авг", "серпень", "серпня", "сер", "elokuu", "elokuuta", "srpen", "srpna", "ağustos",
      "augusztus", "αύγουστος", "αυγούστου", "αυγ", "rugpjūtis", "rugpjūčio", "augusts", "augusti", "augusta", "avgust"],
    &["september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro",
      "wrzesień", "września", "wrz", "сентябрь", "сентября", "сен", "сент", "вересень", "вересня",
      "вер", "syyskuu", "syyskuuta", "září", "eylül", "septembrie", "szeptember", "σεπτέμβριος",
      "σεπτεμβρίου", "σεπ", "rugsėjis", "rugsėjo", "septembris", "septembra", "setiembre"],
    &["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
      "październik", "października", "paź", "октябрь", "октября", "окт", "жовтень", "жовтня", "жов",
      "lokakuu", "lokakuuta", "říjen", "října", "ekim", "octombrie", "október", "οκτώβριος",
      "οκτωβρίου", "οκτ", "spalis", "spalio", "oktobris", "októbra"],
    &["november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada", "lis",
      "ноябрь", "ноября", "нояб", "ноя", "листопад", "листопада", "лис", "marraskuu", "marraskuuta",
      "kasım", "noiembrie", "νοέμβριος", "νοεμβρίου", "νοε", "lapkritis", "lapkričio", "novembris", "novembra"],
    &["december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre",
      "dezembro", "grudzień", "grudnia", "gru", "декабрь", "декабря", "дек", "грудень", "грудня", "гру",
      "joulukuu", "joulukuuta", "prosinec", "prosince", "aralık", "decembrie", "δεκέμβριος",
      "δεκεμβρίου", "δεκ", "gruodis", "gruodžio", "decembris", "decembra"],
];

/// Month names that are also common words ("may", "march", "out", "sie"):
/// in running text these count only when capitalised.
pub const AMBIGUOUS: &[&str] = &[
    "may", "march", "mar", "ago", "out", "set", "dec", "lip", "sie", "gen", "mag", "ott", "lis",
    "sen",
];

/// The month (1 to 12) a word names, in any of the languages above.
pub fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if let Some(i) = FORMS.iter().position(|forms| forms.contains(&w.as_str())) {
        return Some(i as u32 + 1);
    }
    if w.chars().count() < 3 {
        return None;
    }
    let mut months = FORMS
        .iter()
        .enumerate()
        .filter(|(_, forms)| forms.iter().any(|f| f.starts_with(w.as_str())))
        .map(|(i, _)| i as u32 + 1);
    let first = months.next()?;
    months.all(|m| m == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::month_of;

    #[test]
    fn names_abbreviations_and_genitives() {
        for (word, month) in [
            ("März", 3),
            ("mars", 3),
            ("marzo", 3),
            ("марта", 3),
            ("березня", 3),
            ("marca", 3),
            ("maaliskuuta", 3),
            ("března", 3),
            ("Mart", 3),
            ("Mar", 3),
            ("févr", 2),
            ("déc", 12),
            ("Sept", 9),
            ("ΜΑΐΟΥ", 5),
            ("augusti", 8),
            ("októbra", 10),
            ("setiembre", 9),
        ] {
            assert_eq!(month_of(word), Some(month), "{word}");
        }
    }

    #[test]
    fn words_that_begin_two_months_or_none_are_no_month() {
        assert_eq!(month_of("ma"), None);
        assert_eq!(month_of("ju"), None);
        assert_eq!(month_of("mark"), None);
        assert_eq!(month_of("house"), None);
    }
}
