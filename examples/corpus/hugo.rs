//! The same corpus as a Hugo site, to time Hugo on the same articles: a
//! port of the reference generator's `--format hugo --hugo-layout new`
//! (`gen_corpus.py`, which the Hugo anchors were measured with).
//!
//! The site has a page per source and per summary, a taxonomy each for
//! people, models and companies (a list of terms, and a page per term
//! listing the sources that name it), the home page (every source, newest
//! first) and a list per section, 404, sitemap and robots.txt; no feeds,
//! search, scripts or styles. Hugo has no content for terms, so entity pages
//! carry no biography, as in the reference.
//!
//! It reads the sources and summaries the dossier writer makes and changes
//! only their syntax: `url` becomes `source_url` (Hugo would take `url` as
//! the page's own address), dates get a time, the entities a source was
//! written about become its taxonomy terms, and a summary's `[@id#pN]`
//! citations become the "Sources" list the reference ends it with (`[[Name]]`
//! links become the plain name). It never writes outside `out`.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::{prepare, quoted, Corpus, Counts, SourceFile};

/// The site configuration of the reference generator.
const CONFIG: &str = r#"baseURL = "https://dossier.example/"
languageCode = "en"
title = "Briefing dossier"
disableKinds = ["RSS"]
enableRobotsTXT = true

[taxonomies]
  person = "people"
  model = "models"
  company = "companies"

# Align Markdown behaviour with Zola's defaults (no smart quotes, no autolinks).
[markup.goldmark.extensions]
  typographer = false
  linkify = false
"#;

/// One line of a page list.
const ITEM: &str = r#"<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .Permalink }}">{{ .Title }}</a>{{ with .Params.publication }} &mdash; {{ . }}{{ end }}</li>"#;

/// A source's links to its terms, one line per taxonomy (`.GetTerms`, the
/// reference's default).
fn term_lines() -> String {
    [("people", "People"), ("models", "Models"), ("companies", "Companies")]
        .iter()
        .map(|(tax, label)| {
            format!(
                r#"{{{{ with .GetTerms "{tax}" }}}}<p class="{tax}">{label}: {{{{ range $i, $t := . }}}}{{{{ if $i }}}}, {{{{ end }}}}<a href="{{{{ $t.Permalink }}}}">{{{{ $t.LinkTitle }}}}</a>{{{{ end }}}}</p>{{{{ end }}}}"#
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The templates, under the names Hugo 0.146 and later look up (the
/// "new" layout of the reference: with the legacy `_default/` tree, Hugo
/// 0.168 renders term pages with an empty list).
fn layouts() -> Vec<(&'static str, String)> {
    let list = |head: &str| {
        format!(
            "{{{{ define \"main\" }}}}\n{head}<ul>\n{{{{ range .Pages.ByDate.Reverse }}}}{ITEM}\n{{{{ end }}}}</ul>\n{{{{ end }}}}\n"
        )
    };
    vec![
        (
            "baseof.html",
            r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="https://dossier.example/">{{ .Site.Title }}</a>
<nav><a href="https://dossier.example/sources/">Sources</a> <a href="https://dossier.example/summaries/">Summaries</a> <a href="https://dossier.example/people/">People</a> <a href="https://dossier.example/models/">Models</a> <a href="https://dossier.example/companies/">Companies</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>Briefing dossier (benchmark site)</footer>
</body>
</html>
"#
            .to_string(),
        ),
        (
            "page.html",
            format!(
                r#"{{{{ define "main" }}}}
<article>
<h1>{{{{ .Title }}}}</h1>
<p class="meta"><time datetime="{{{{ .Date.Format "2006-01-02" }}}}">{{{{ .Date.Format "2006-01-02" }}}}</time>{{{{ with .Params.publication }}}} &middot; {{{{ . }}}}{{{{ end }}}}{{{{ with .Params.source_url }}}} &middot; <a href="{{{{ . }}}}">original</a>{{{{ end }}}}</p>
{}
{{{{ .Content }}}}
</article>
{{{{ end }}}}
"#,
                term_lines()
            ),
        ),
        ("section.html", list("<h1>{{ .Title }}</h1>\n{{ .Content }}\n")),
        (
            "home.html",
            format!(
                "{{{{ define \"main\" }}}}\n<h1>{{{{ .Site.Title }}}}</h1>\n\
                 {{{{ $src := where .Site.RegularPages \"Section\" \"sources\" }}}}\n\
                 <p>{{{{ len $src }}}} sources, newest first.</p>\n<ul>\n\
                 {{{{ range $src.ByDate.Reverse }}}}{ITEM}\n{{{{ end }}}}</ul>\n{{{{ end }}}}\n"
            ),
        ),
        (
            "taxonomy.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#
            .to_string(),
        ),
        (
            "term.html",
            list("<h1>{{ .Title }}</h1>\n<p>{{ len .Pages }} sources mention {{ .Title }}.</p>\n"),
        ),
        (
            "404.html",
            "{{ define \"main\" }}\n<h1>Not found</h1>\n\
             <p>The page you asked for is not in this dossier.</p>\n{{ end }}\n"
                .to_string(),
        ),
    ]
}

/// What a summary's "Sources" list says of a source.
#[derive(Debug, Clone, Default)]
struct Listing {
    stem: String,
    title: String,
    publication: String,
    date: String,
}

/// Splits a generated file into its front matter lines and its body.
fn split_front_matter(text: &str) -> Option<(Vec<&str>, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((
        rest[..end].lines().collect(),
        &rest[end + "\n---\n".len()..],
    ))
}

/// The unquoted value of a `key: "value"` line the generator wrote.
fn field(lines: &[&str], key: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .map(|v| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            v.replace("\\\"", "\"").replace("\\\\", "\\")
        })
        .unwrap_or_default()
}

/// A YAML flow list of double-quoted names.
fn name_list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.map(quoted).collect();
    format!("[{}]", quoted.join(", "))
}

impl Corpus {
    /// Source `i` as a Hugo page: (the file text, what a summary lists of
    /// it, the source without its text).
    fn hugo_source(&self, i: usize) -> io::Result<(String, Listing, SourceFile)> {
        let s = self.source(i);
        let (lines, body) = split_front_matter(&s.text)
            .ok_or_else(|| io::Error::other(format!("source {} has no front matter", s.stem)))?;
        let p = &self.pools;
        let mut text = String::with_capacity(s.text.len() + 256);
        text.push_str("---\n");
        for line in &lines {
            if let Some(date) = line.strip_prefix("date: ") {
                text.push_str(&format!("date: {date}T00:00:00Z\n"));
            } else if let Some(url) = line.strip_prefix("url: ") {
                text.push_str(&format!("source_url: {url}\n"));
            } else {
                text.push_str(line);
                text.push('\n');
            }
        }
        let people = name_list(s.people.iter().map(|&k| p.people[k].name.as_str()));
        let models = name_list(s.models.iter().map(|&k| p.models[k].name.as_str()));
        let companies = name_list(s.companies.iter().map(|&k| p.companies[k].name.as_str()));
        text.push_str(&format!(
            "people: {people}\nmodels: {models}\ncompanies: {companies}\n---\n{body}"
        ));
        let listing = Listing {
            stem: s.stem.clone(),
            title: field(&lines, "title"),
            publication: field(&lines, "publication"),
            date: field(&lines, "date"),
        };
        Ok((text, listing, s.without_text()))
    }

    /// Summary `j` as a Hugo page: the same paragraphs without citations
    /// or wikilinks, then the list of the sources it cites. (stem, text)
    fn hugo_summary(
        &self,
        j: usize,
        sources: &[SourceFile],
        listings: &[Listing],
    ) -> io::Result<(String, String)> {
        let (stem, text) = self.summary(j, sources);
        let (lines, body) = split_front_matter(&text)
            .ok_or_else(|| io::Error::other(format!("summary {stem} has no front matter")))?;
        let mut cited: Vec<&Listing> = Vec::new();
        let mut paragraphs = Vec::new();
        for para in body.trim_end().split("\n\n") {
            let mut plain = String::with_capacity(para.len());
            let mut rest = para;
            while let Some(at) = rest.find(" [@") {
                plain.push_str(&rest[..at]);
                let after = &rest[at + " [@".len()..];
                let end = after.find(']').unwrap_or(after.len());
                let id = after[..end].split('#').next().unwrap_or_default();
                // Source stems start with their number: `000042-…`.
                let listing = id
                    .split('-')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| listings.get(n))
                    .filter(|l| l.stem == id);
                if let Some(l) = listing {
                    if !cited.iter().any(|c| c.stem == l.stem) {
                        cited.push(l);
                    }
                }
                rest = after.get(end + 1..).unwrap_or_default();
            }
            plain.push_str(rest);
            paragraphs.push(plain.replace("[[", "").replace("]]", ""));
        }
        let mut out = format!(
            "---\ntitle: {}\ndate: {}T00:00:00Z\nsources: {}\n---\n{}\n\n## Sources\n\n",
            quoted(&field(&lines, "title")),
            field(&lines, "date"),
            name_list(cited.iter().map(|l| l.stem.as_str())),
            paragraphs.join("\n\n")
        );
        for l in &cited {
            out.push_str(&format!(
                "- [{}](/sources/{}/) ({}, {})\n",
                l.title, l.stem, l.publication, l.date
            ));
        }
        Ok((stem, out))
    }

    /// Writes the Hugo site into `out`, which must be empty or missing, or,
    /// with `force`, a corpus this generator wrote before.
    pub fn write_hugo(&self, out: &Path, force: bool) -> io::Result<Counts> {
        prepare(out, force)?;
        self.write_manifest_as(out, "hugo", None)?;
        let content = out.join("content");
        for folder in ["sources", "summaries"] {
            fs::create_dir_all(content.join(folder))?;
        }
        fs::write(out.join("config.toml"), CONFIG)?;
        let mut total_bytes = CONFIG.len();
        let layouts_dir = out.join("layouts");
        fs::create_dir_all(&layouts_dir)?;
        for (name, text) in layouts() {
            fs::write(layouts_dir.join(name), &text)?;
            total_bytes += text.len();
        }
        for (path, title) in [
            ("_index.md", "Briefing dossier"),
            ("sources/_index.md", "Sources"),
            ("summaries/_index.md", "Summaries"),
        ] {
            let text = format!("---\ntitle: \"{title}\"\n---\n");
            fs::write(content.join(path), &text)?;
            total_bytes += text.len();
        }
        let sources_dir = content.join("sources");
        let written: Vec<(usize, usize, Listing, SourceFile)> = (0..self.sources)
            .into_par_iter()
            .map(|i| {
                let (text, listing, source) = self.hugo_source(i)?;
                fs::write(sources_dir.join(format!("{}.md", source.stem)), &text)?;
                Ok((text.len(), source.words, listing, source))
            })
            .collect::<io::Result<_>>()?;
        let mut counts = self.counts();
        let mut listings = Vec::with_capacity(written.len());
        let mut sources = Vec::with_capacity(written.len());
        for (bytes, words, listing, source) in written {
            counts.source_bytes += bytes;
            counts.source_words += words;
            listings.push(listing);
            sources.push(source);
        }
        let summaries_dir = content.join("summaries");
        let summary_bytes = (0..counts.summaries)
            .into_par_iter()
            .map(|j| {
                let (stem, text) = self.hugo_summary(j, &sources, &listings)?;
                fs::write(summaries_dir.join(format!("{stem}.md")), &text)?;
                Ok(text.len())
            })
            .sum::<io::Result<usize>>()?;
        counts.total_bytes = total_bytes + counts.source_bytes + summary_bytes;
        self.write_manifest_as(out, "hugo", Some(&counts))?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    // A bench target (no test harness) compiles this module without its tests.
    #[allow(unused_imports)]
    use super::*;

    #[test]
    fn a_source_keeps_its_text_and_gains_its_terms() {
        let corpus = Corpus::new(40, 3);
        let neutral = corpus.source(7);
        let (hugo, listing, _) = corpus.hugo_source(7).unwrap();
        let (_, body) = split_front_matter(&neutral.text).unwrap();
        assert!(hugo.ends_with(body));
        assert!(hugo.contains("T00:00:00Z\n") && hugo.contains("\nsource_url: \"https://"));
        assert!(!hugo.contains("\nurl: "));
        let person = &corpus.pools.people[neutral.people[0]].name;
        assert!(hugo.contains(&format!("people: [\"{person}\"")));
        assert_eq!(listing.stem, neutral.stem);
        assert!(!listing.title.is_empty() && listing.date.len() == 10);
    }

    #[test]
    fn a_summary_lists_the_sources_it_cites() {
        let corpus = Corpus::new(40, 3);
        let mut listings = Vec::new();
        let mut sources = Vec::new();
        for i in 0..40 {
            let (_, listing, source) = corpus.hugo_source(i).unwrap();
            listings.push(listing);
            sources.push(source);
        }
        let (_, neutral) = corpus.summary(1, &sources);
        let (_, hugo) = corpus.hugo_summary(1, &sources, &listings).unwrap();
        assert!(!hugo.contains("[@") && !hugo.contains("[["), "{hugo}");
        let cited = neutral.matches("[@").count();
        assert!(cited >= 2, "{neutral}");
        let listed = hugo.matches("\n- [").count();
        assert!((1..=cited).contains(&listed), "{hugo}");
        assert!(hugo.contains("](/sources/0000"), "{hugo}");
    }
}
