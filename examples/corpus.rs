//! Synthetic corpus for benchmarks: a site with N realistic French articles, the same front
//! matter as the real section, 60 tags, the 11 pôles, 40 authors and 20% of articles with a
//! 10–30 line code block. Deterministic for a given `--seed`.
//!
//! cargo run --release --example corpus -- --articles 10000 --out /dev/shm/corpus-10k

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Number of articles.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Folder to create (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 2015)]
    seed: u64,
    /// Also write an equivalent Hugo site into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
}

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const POLES: &[(&str, &str, &str, &str)] = &[
    (
        "Aerospace Valley",
        "aerospace-valley",
        "Occitanie, Nouvelle-Aquitaine",
        "Aéronautique, espace et systèmes embarqués",
    ),
    (
        "ASTech",
        "astech",
        "Île-de-France",
        "Aéronautique et spatial",
    ),
    (
        "Axelera",
        "axelera",
        "Auvergne-Rhône-Alpes",
        "Chimie et environnement",
    ),
    (
        "Cap Digital",
        "cap-digital",
        "Île-de-France",
        "Contenus et services numériques",
    ),
    (
        "EMC2",
        "emc2",
        "Pays de la Loire",
        "Technologies avancées de production",
    ),
    (
        "I-Trans",
        "i-trans",
        "Hauts-de-France",
        "Transports terrestres",
    ),
    (
        "Images & Réseaux",
        "images-reseaux",
        "Bretagne, Pays de la Loire",
        "Numérique et réseaux",
    ),
    (
        "Mont-Blanc Industries",
        "mont-blanc-industries",
        "Auvergne-Rhône-Alpes",
        "Décolletage et mécatronique",
    ),
    (
        "Moveo",
        "moveo",
        "Île-de-France, Normandie",
        "Automobile et mobilités",
    ),
    (
        "Plastipolis",
        "plastipolis",
        "Auvergne-Rhône-Alpes",
        "Plasturgie",
    ),
    (
        "Systematic",
        "systematic",
        "Île-de-France",
        "Systèmes complexes et logiciel",
    ),
];

const FIRST: &[&str] = &[
    "Anne",
    "Bruno",
    "Claire",
    "David",
    "Élise",
    "François",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Julien",
    "Karima",
    "Louis",
    "Maëlle",
    "Nicolas",
    "Océane",
    "Pierre",
    "Quentin",
    "Rose",
    "Sébastien",
    "Thérèse",
];
const LAST: &[&str] = &[
    "Martin", "Bernard", "Lefèvre", "Moreau", "Garnier", "Rousseau", "Faure", "Mercier", "Lambert",
    "Bonnet",
];

const TAG_STEMS: &[&str] = &[
    "Industrie du futur",
    "Nouvelle France industrielle",
    "Robotique",
    "Export",
    "PME",
    "ETI",
    "Innovation",
    "Recherche",
    "Emploi",
    "Formation",
    "Énergie",
    "Hydrogène",
    "Numérique",
    "Cybersécurité",
    "Aéronautique",
    "Automobile",
    "Chimie",
    "Plasturgie",
    "Ferroviaire",
    "Spatial",
];
const TAG_SUFFIXES: &[&str] = &["", " & territoires", " en régions"];

const SUBJECTS: &[&str] = &[
    "Le pôle",
    "La filière",
    "Le ministère de l'Économie",
    "L'usine pilote",
    "Le consortium",
    "La start-up nantaise",
    "Le sous-traitant",
    "L'équipementier",
    "La région",
    "Le laboratoire",
    "Le groupe industriel",
    "L'association des pôles",
    "La plateforme commune",
];
const VERBS: &[&str] = &[
    "annonce",
    "prépare",
    "finance",
    "accélère",
    "présente",
    "teste",
    "déploie",
    "regroupe",
    "soutient",
    "relance",
    "modernise",
    "structure",
];
const OBJECTS: &[&str] = &[
    "un programme de robotisation",
    "une ligne de production connectée",
    "un appel à projets",
    "la formation des techniciens",
    "un démonstrateur d'usine du futur",
    "les exportations des PME",
    "un centre d'essais",
    "la numérisation des ateliers",
    "une alliance entre donneurs d'ordres",
    "un fonds d'amorçage",
    "la montée en cadence",
    "un réseau de fournisseurs",
];
const COMPLEMENTS: &[&str] = &[
    "à Toulouse",
    "dans la vallée de l'Arve",
    "en Bretagne",
    "à Saint-Nazaire",
    "en Île-de-France",
    "avec l'appui de l'État",
    "pour la fin de l'année",
    "malgré un contexte tendu",
    "au terme de deux ans de travaux",
    "avec une dizaine de partenaires",
    "sur trois sites",
];
const NUMBERS: &[&str] = &[
    "12",
    "34",
    "150",
    "3 000",
    "2,5 millions d'euros",
    "40 %",
    "18 mois",
    "une dizaine",
];
const HEADINGS: &[&str] = &[
    "Un calendrier serré",
    "Des financements publics",
    "Les PME en première ligne",
    "Vers l'usine connectée",
    "Former les équipes",
    "Ce qui reste à faire",
    "Une concurrence mondiale",
    "Le rôle des territoires",
];

fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(COMPLEMENTS)
    );
    if rng.chance(40) {
        write!(
            s,
            ", soit {} selon les chiffres communiqués",
            rng.pick(NUMBERS)
        )
        .unwrap();
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(4);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn code_block(rng: &mut Rng) -> String {
    let lines = 10 + rng.below(21);
    let mut code = String::new();
    match rng.below(3) {
        0 => {
            code.push_str("```yaml\n");
            for i in 0..lines {
                writeln!(
                    code,
                    "capteur_{i}: {{ ligne: {}, seuil: {}, actif: true }}",
                    rng.below(40),
                    rng.below(1000)
                )
                .unwrap();
            }
        }
        1 => {
            code.push_str("```rust\n");
            code.push_str("fn cadence(pieces: &[u32]) -> u32 {\n");
            for i in 0..lines.saturating_sub(3) {
                writeln!(
                    code,
                    "    let etape_{i} = pieces.iter().filter(|p| **p > {}).count(); // contrôle",
                    rng.below(500)
                )
                .unwrap();
            }
            code.push_str("    pieces.iter().sum()\n}\n");
        }
        _ => {
            code.push_str("```sh\n");
            for i in 0..lines {
                writeln!(
                    code,
                    "curl -s https://example.org/api/usines/{i} | jq '.cadence' # site {}",
                    rng.below(99)
                )
                .unwrap();
            }
        }
    }
    code.push_str("```\n");
    code
}

fn main() {
    let args = Args::parse();
    let mut rng = Rng(args.seed.max(1));
    let out = &args.out;
    if out.exists() {
        std::fs::remove_dir_all(out).expect("remove the old corpus");
    }
    let content = out.join("content");
    for dir in ["articles", "poles", "auteurs"] {
        std::fs::create_dir_all(content.join(dir)).unwrap();
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/default"), &out.join("themes/default"));
    std::fs::write(out.join("site.toml"), SITE_TOML).unwrap();

    for (name, slug, region, domain) in POLES {
        let text = format!(
            "---\nname: \"{name}\"\nregion: \"{region}\"\ndomain: \"{domain}\"\nwebsite: \"https://example.org/{slug}\"\n---\n{}\n",
            paragraph(&mut rng)
        );
        std::fs::write(content.join("poles").join(format!("{slug}.md")), text).unwrap();
    }
    let authors: Vec<String> = (0..40)
        .map(|i| {
            format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i * 7 + i / 20) % LAST.len()]
            )
        })
        .collect();
    for author in authors.iter().take(10) {
        let slug = gensite::slug::slugify(author);
        let text = format!(
            "---\nname: \"{author}\"\nrole: Journaliste\n---\nSuit l'industrie pour la rubrique.\n"
        );
        std::fs::write(content.join("auteurs").join(format!("{slug}.md")), text).unwrap();
    }
    let tags: Vec<String> = TAG_SUFFIXES
        .iter()
        .flat_map(|s| TAG_STEMS.iter().map(move |t| format!("{t}{s}")))
        .collect();
    assert_eq!(tags.len(), 60);

    // Publication times spread evenly over twenty years, all in the past (so that no tool
    // leaves any article out as scheduled for later).
    let start = jiff::civil::date(2005, 1, 3).at(7, 0, 0, 0);
    let span_minutes: i64 = 20 * 365 * 24 * 60;
    let step = (span_minutes / args.articles.max(1) as i64).max(1);
    let mut hugo_articles = Vec::new();
    for i in 0..args.articles {
        let minutes = (i as i64) * step + rng.below(step.min(400) as usize) as i64;
        let when = start
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .unwrap();
        let date = format!("{}+01:00", when.strftime("%Y-%m-%dT%H:%M:%S"));
        let title = format!(
            "{} {} {}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        );
        let lead = sentence(&mut rng);
        let author = &authors[rng.below(authors.len())];
        let mut article_tags: Vec<&str> = (0..1 + rng.below(3))
            .map(|_| tags[rng.below(60)].as_str())
            .collect();
        article_tags.sort();
        article_tags.dedup();
        let mut poles: Vec<&str> = (0..rng.below(3))
            .map(|_| POLES[rng.below(POLES.len())].0)
            .collect();
        poles.sort();
        poles.dedup();
        let quote = |list: &[&str]| {
            list.iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut body = String::new();
        let sections = 2 + rng.below(3);
        body.push_str(&paragraph(&mut rng));
        body.push_str("\n\n");
        let code_at = if rng.chance(20) {
            Some(rng.below(sections))
        } else {
            None
        };
        for s in 0..sections {
            writeln!(body, "## {}\n", rng.pick(HEADINGS)).unwrap();
            for _ in 0..1 + rng.below(2) {
                body.push_str(&paragraph(&mut rng));
                body.push_str("\n\n");
            }
            if code_at == Some(s) {
                body.push_str(&code_block(&mut rng));
                body.push('\n');
            }
        }
        let slug = format!("article-{i:06}");
        let front = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nauthors: [\"{author}\"]\nlead: \"{lead}\"\ntags: [{}]\npoles: [{}]\n---\n",
            quote(&article_tags),
            quote(&poles)
        );
        std::fs::write(
            content.join("articles").join(format!("{slug}.md")),
            format!("{front}{body}"),
        )
        .unwrap();
        if args.hugo.is_some() {
            hugo_articles.push((slug, format!("{front}{body}")));
        }
    }
    if let Some(hugo) = &args.hugo {
        write_hugo_site(hugo, &hugo_articles);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const SITE_TOML: &str = r#"title = "Corpus de test"
description = "Un corpus synthétique pour mesurer gen."
base_url = "https://example.org/"
paginate_by = 20

[[taxonomies]]
name = "poles"
title = "Pôles de compétitivité"
singular = "Pôle"
closed = true
fields = { region = "Région", domain = "Domaine", website = "Site web" }

[[taxonomies]]
name = "tags"
title = "Thèmes"
singular = "Thème"

[[taxonomies]]
name = "authors"
path = "auteurs"
title = "Auteurs"
singular = "Auteur"
fields = { role = "Fonction" }
"#;

/// An equivalent Hugo site: same articles, taxonomies (tags, poles, authors), pages of 20, a
/// paginated home over `.Site.RegularPages` (Hugo's fastest form), term pages and feeds, and
/// syntax highlighting with CSS classes.
fn write_hugo_site(dir: &Path, articles: &[(String, String)]) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    let posts = dir.join("content/articles");
    std::fs::create_dir_all(&posts).unwrap();
    for (slug, text) in articles {
        std::fs::write(posts.join(format!("{slug}.md")), text).unwrap();
    }
    let files: &[(&str, &str)] = &[
        (
            "hugo.toml",
            "baseURL = \"https://example.org/\"\nlanguageCode = \"fr\"\ntitle = \"Corpus de test\"\n\
             disableKinds = [\"section\"]\n[pagination]\npagerSize = 20\n\
             [taxonomies]\ntag = \"tags\"\npole = \"poles\"\nauthor = \"authors\"\n\
             [markup.highlight]\nnoClasses = false\n[outputs]\nhome = [\"HTML\", \"RSS\"]\nterm = [\"HTML\", \"RSS\"]\n",
        ),
        (
            "layouts/_default/baseof.html",
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\
             <body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
        ),
        (
            "layouts/_default/single.html",
            "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.lead }}</p>\
             <p>{{ .Date.Format \"2 January 2006\" }} {{ range .GetTerms \"authors\" }}<a href=\"{{ .Permalink }}\">{{ .LinkTitle }}</a> {{ end }}</p>\
             {{ .TableOfContents }}{{ .Content }}\
             <ul>{{ range .GetTerms \"tags\" }}<li><a href=\"{{ .Permalink }}\">{{ .LinkTitle }}</a></li>{{ end }}\
             {{ range .GetTerms \"poles\" }}<li><a href=\"{{ .Permalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>\
             {{ with .PrevInSection }}<a href=\"{{ .Permalink }}\">{{ .Title }}</a>{{ end }}\
             {{ with .NextInSection }}<a href=\"{{ .Permalink }}\">{{ .Title }}</a>{{ end }}</article>{{ end }}\n",
        ),
        (
            "layouts/index.html",
            "{{ define \"main\" }}{{ $p := .Paginate .Site.RegularPages }}{{ range $p.Pages }}\
             <article><h2><a href=\"{{ .Permalink }}\">{{ .Title }}</a></h2><p>{{ .Date.Format \"2 January 2006\" }}</p><p>{{ .Params.lead }}</p></article>{{ end }}\
             {{ template \"_internal/pagination.html\" . }}{{ end }}\n",
        ),
        (
            "layouts/_default/term.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}{{ range $p.Pages }}\
             <article><h2><a href=\"{{ .Permalink }}\">{{ .Title }}</a></h2><p>{{ .Date.Format \"2 January 2006\" }}</p><p>{{ .Params.lead }}</p></article>{{ end }}\
             {{ template \"_internal/pagination.html\" . }}{{ end }}\n",
        ),
        (
            "layouts/_default/taxonomy.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}\
             <li><a href=\"{{ .Page.Permalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}
