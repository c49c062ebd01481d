//! Synthetic corpus for benchmarks, shaped like the section's real archive (issue 18).
//!
//! The site has N articles in French, the 11 pôles, 40 authors (10 of them with a page) and 60
//! tags, with the section's front matter: one author, 1–4 tags, 0–3 pôles, a lead, a date
//! (spread over twenty years, all in the past). Each article's body has:
//!
//! - 600–1,200 words of prose (`--words MIN-MAX`, drawn evenly; words counted as gen counts
//!   them, outside code), in paragraphs of three to six sentences put together from a stock of
//!   French sentence patterns, subjects, verbs, objects, people and places. French prose runs
//!   at about 7.5 bytes a word, so the default makes about 7 KB of Markdown per article, front
//!   matter and code included; `--words 1000-1800` makes about 10 KB;
//! - an introduction, then 2–3 sections under distinct `##` headings;
//! - one bulleted list, one block quote (`> « … », says someone`) and one link: to another site
//!   (`https://example.org/…`), or, for some articles, to an earlier article of the corpus
//!   written as its source path (`article-000123.md`, which gen resolves to its URL; the target
//!   always exists, as every article is published);
//! - for `--code-percent` of them (20 by default), one fenced code block of 10–30 lines in Rust,
//!   Python or TOML, each a plausible program or configuration for the highlighter.
//!
//! Output is deterministic for a given `--seed`. `--hugo DIR` also writes a Hugo site with the
//! same Markdown files and equivalent taxonomies. The program prints one line: the number of
//! articles, their total Markdown (front matter included), the average size and word count per
//! article, and how many have code.
//!
//! cargo run --release --example corpus -- --articles 10000 --out /dev/shm/corpus-10k \
//!     [--words 600-1200] [--code-percent 20] [--seed 2015] [--hugo /dev/shm/hugo-10k]

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
    /// Words of prose per article, drawn evenly between MIN and MAX (`MIN-MAX`, or one number).
    #[arg(long, default_value = "600-1200", value_parser = parse_words)]
    words: (usize, usize),
    /// Share of articles, in percent, with one 10–30 line code block (Rust, Python or TOML).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u8).range(0..=100))]
    code_percent: u8,
    /// Also write an equivalent Hugo site into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
}

fn parse_words(text: &str) -> Result<(usize, usize), String> {
    let (min, max) = text.split_once('-').unwrap_or((text, text));
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("expected MIN-MAX (e.g. 600-1200), got {text:?}"))
    };
    let (min, max) = (number(min)?, number(max)?);
    if min == 0 || min > max {
        return Err(format!("expected 0 < MIN <= MAX, got {text:?}"));
    }
    Ok((min, max))
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
    /// A number in `min..=max`.
    fn between(&mut self, min: usize, max: usize) -> usize {
        min + self.below(max - min + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// `n` distinct indices below `len`, in random order.
    fn distinct(&mut self, n: usize, len: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..n.min(len) {
            let j = i + self.below(len - i);
            all.swap(i, j);
        }
        all.truncate(n.min(len));
        all
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

// Sentence material. Subjects start with a capital and are lowered in the middle of a
// sentence; verbs are in the third person singular; objects and complements agree with any
// subject.
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
    "Le fabricant de composants",
    "La chambre de commerce",
    "Le centre technique",
    "L'agglomération",
    "La fonderie familiale",
    "Le constructeur",
    "L'école d'ingénieurs",
    "La société d'économie mixte",
    "Le réseau des fablabs",
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
    "inaugure",
    "pilote",
    "étend",
    "coordonne",
    "négocie",
    "évalue",
    "double",
    "met en service",
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
    "un banc de test pour les piles à combustible",
    "la maintenance prédictive des machines-outils",
    "un atelier de fabrication additive",
    "la traçabilité des pièces de sécurité",
    "un cursus en alternance",
    "la récupération de chaleur fatale",
    "un jumeau numérique de la chaîne d'assemblage",
    "la mutualisation des achats d'énergie",
    "un laboratoire commun avec l'université",
    "la certification des soudeurs",
    "un entrepôt automatisé",
    "la sécurisation des réseaux industriels",
    "un plan de recrutement",
    "la relocalisation de l'usinage",
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
    "dans l'agglomération lyonnaise",
    "près de Valenciennes",
    "autour de l'estuaire de la Loire",
    "en lien avec les lycées professionnels",
    "sans attendre les aides européennes",
    "à la demande des clients allemands",
    "dans un marché encore fragile",
    "aux portes de Grenoble",
    "sur l'ancien site sidérurgique",
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
    "un tiers des effectifs",
    "8 millions d'euros",
    "deux cents emplois",
    "15 % du chiffre d'affaires",
];
const INFINITIVES: &[&str] = &[
    "réduire les délais de livraison",
    "attirer de jeunes ingénieurs",
    "sécuriser les approvisionnements",
    "gagner des parts de marché à l'export",
    "limiter la consommation d'énergie",
    "mutualiser les équipements coûteux",
    "relocaliser une partie de la production",
    "former les opérateurs aux nouveaux outils",
    "raccourcir le cycle de développement",
    "convaincre les banques de suivre",
    "ouvrir les ateliers aux collégiens",
    "répondre aux exigences des constructeurs",
    "diviser par deux les rebuts",
    "anticiper les départs à la retraite",
    "industrialiser les prototypes du laboratoire",
    "obtenir la certification aéronautique",
];
const TRANSITIONS: &[&str] = &[
    "Pour autant",
    "Dans le détail",
    "À terme",
    "Depuis janvier",
    "En parallèle",
    "De son côté",
    "Concrètement",
    "Dans un premier temps",
    "Faute de main-d'œuvre",
    "Sur le terrain",
    "Au-delà des annonces",
    "Dès la rentrée",
    "Comme prévu",
];
const HORIZONS: &[&str] = &[
    "d'ici à 2027",
    "avant la fin de l'année",
    "au second semestre",
    "dans les dix-huit mois",
    "à l'horizon 2030",
    "dès le printemps prochain",
    "d'ici trois ans",
];
const ROLES: &[&str] = &[
    "responsable de l'innovation",
    "porte-parole du pôle",
    "chef de projet",
    "responsable des achats",
    "secrétaire du comité de pilotage",
    "membre du directoire",
    "secrétaire du CSE",
    "responsable de la production",
    "responsable des partenariats au pôle",
    "dirigeant de la PME",
];
/// Quantities of a plural noun and the past participle agreeing with it.
const COUNTED: &[(&str, &str)] = &[
    ("emplois", "créés"),
    ("postes", "ouverts"),
    ("brevets", "déposés"),
    ("entreprises", "accompagnées"),
    ("projets", "labellisés"),
    ("apprentis", "recrutés"),
    ("robots", "installés"),
    ("millions d'euros", "investis"),
];
const QUANTITIES: &[&str] = &[
    "Quelque",
    "Près de",
    "Plus de",
    "Au total,",
    "Environ",
    "Pas moins de",
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
    "Des débuts prometteurs",
    "Un marché en recomposition",
    "Les syndicats vigilants",
    "La question de l'énergie",
    "Recruter, le vrai défi",
    "Des clients plus exigeants",
    "Une filière qui se structure",
    "Le poids de la réglementation",
    "Ce que disent les chiffres",
    "Un modèle à exporter",
    "Les prochaines étapes",
    "Une méthode éprouvée",
    "Entre prudence et ambition",
    "La recherche en appui",
];
const LIST_INTROS: &[&str] = &[
    "Le programme prévoit notamment :",
    "Parmi les mesures annoncées :",
    "Les partenaires se sont engagés sur plusieurs points :",
    "Le plan de financement couvre :",
    "Au menu des prochains mois :",
    "Le cahier des charges retient en priorité :",
];
const QUOTE_VERBS: &[&str] = &[
    "résume",
    "explique",
    "insiste",
    "souligne",
    "prévient",
    "assure",
];
const LINK_SECTIONS: &[&str] = &[
    "dossiers",
    "communiques",
    "rapports",
    "appels-a-projets",
    "etudes",
];

/// A subject in the middle of a sentence: `Le pôle` → `le pôle`.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `de` before a phrase, elided before a vowel: `de réduire`, `d'attirer`.
fn de(phrase: &str) -> String {
    let elided = phrase.starts_with(['a', 'e', 'i', 'o', 'u', 'é', 'h']);
    if elided {
        format!("d'{phrase}")
    } else {
        format!("de {phrase}")
    }
}

/// Words as gen counts them: runs between whitespace that hold a letter or a digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {}, {}",
        rng.pick(FIRST),
        rng.pick(LAST),
        rng.pick(ROLES)
    )
}

/// A short statement, without its final full stop.
fn clause(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS)
    );
    if rng.chance(60) {
        write!(s, " {}", rng.pick(COMPLEMENTS)).unwrap();
    }
    s
}

fn sentence(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=2 => {
            let mut s = clause(rng);
            if rng.chance(35) {
                write!(
                    s,
                    ", soit {} selon les chiffres communiqués",
                    rng.pick(NUMBERS)
                )
                .unwrap();
            }
            s + "."
        }
        3 => format!(
            "{}, {} {} {} afin {}.",
            rng.pick(TRANSITIONS),
            lower_first(rng.pick(SUBJECTS)),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            de(rng.pick(INFINITIVES))
        ),
        4 => format!(
            "« {} », {} {}.",
            clause(rng),
            rng.pick(QUOTE_VERBS),
            person(rng)
        ),
        5 => format!("Selon {}, {}.", person(rng), lower_first(&clause(rng))),
        6 => {
            let (noun, participle) = COUNTED[rng.below(COUNTED.len())];
            format!(
                "{} {} {noun} ont déjà été {participle} {}.",
                rng.pick(QUANTITIES),
                10 + rng.below(490),
                rng.pick(COMPLEMENTS)
            )
        }
        7 => format!(
            "Reste à savoir si {} pourra {} {}.",
            lower_first(rng.pick(SUBJECTS)),
            rng.pick(INFINITIVES),
            rng.pick(HORIZONS)
        ),
        8 => format!(
            "Pour {}, l'enjeu est {} {}.",
            lower_first(rng.pick(SUBJECTS)),
            de(rng.pick(INFINITIVES)),
            rng.pick(HORIZONS)
        ),
        _ => format!(
            "{}, {} {} {}.",
            rng.pick(TRANSITIONS),
            lower_first(rng.pick(SUBJECTS)),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        ),
    }
}

/// One paragraph of a few sentences (poles' pages).
fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(4);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

/// A bulleted list of three to five items, with the sentence that introduces it.
fn bullet_list(rng: &mut Rng) -> String {
    let mut list = format!("{}\n\n", rng.pick(LIST_INTROS));
    let n = rng.between(3, 5);
    let items = rng.distinct(n, OBJECTS.len());
    for (n, &i) in items.iter().enumerate() {
        let end = if n + 1 == items.len() { "." } else { " ;" };
        if rng.chance(50) {
            writeln!(list, "- {} {}{end}", OBJECTS[i], rng.pick(COMPLEMENTS)).unwrap();
        } else {
            writeln!(list, "- {}{end}", OBJECTS[i]).unwrap();
        }
    }
    list
}

/// A block quote of one or two sentences, then who said it.
fn block_quote(rng: &mut Rng) -> String {
    let mut inner = clause(rng);
    if rng.chance(60) {
        inner = format!(
            "{inner}. {} {} {} afin {}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            de(rng.pick(INFINITIVES))
        );
    }
    format!(
        "> « {inner} », {} {}.\n",
        rng.pick(QUOTE_VERBS),
        person(rng)
    )
}

/// The sentence holding the article's one link, and its words as a reader sees them: to an
/// earlier article of the corpus as its source path (which gen turns into its URL), or to
/// another site.
fn link_sentence(rng: &mut Rng, earlier: Option<(usize, &str)>) -> (String, usize) {
    let (text, shown) = match earlier {
        Some((i, title)) => {
            let path = format!("article-{i:06}.md");
            match rng.below(3) {
                0 => (
                    format!("Lire aussi : [{title}]({path})."),
                    format!("Lire aussi : {title}."),
                ),
                1 => (
                    format!(
                        "Nous avions raconté [les débuts de ce projet]({path}) il y a quelques mois."
                    ),
                    "Nous avions raconté les débuts de ce projet il y a quelques mois.".to_string(),
                ),
                _ => (
                    format!("Ce chantier prolonge [celui que nous décrivions]({path}) à l'époque."),
                    "Ce chantier prolonge celui que nous décrivions à l'époque.".to_string(),
                ),
            }
        }
        None => {
            let url = format!(
                "https://example.org/{}/{}/{}-{}",
                rng.pick(LINK_SECTIONS),
                2005 + rng.below(20),
                gensite::slug::slugify(rng.pick(OBJECTS)),
                rng.below(10_000)
            );
            match rng.below(3) {
                0 => (
                    format!("Le détail figure dans [le dossier de presse]({url})."),
                    "Le détail figure dans le dossier de presse.".to_string(),
                ),
                1 => (
                    format!("Le cahier des charges est [publié en ligne]({url}) depuis lundi."),
                    "Le cahier des charges est publié en ligne depuis lundi.".to_string(),
                ),
                _ => (
                    format!(
                        "Les résultats complets sont [disponibles sur le site du pôle]({url})."
                    ),
                    "Les résultats complets sont disponibles sur le site du pôle.".to_string(),
                ),
            }
        }
    };
    let words = count_words(&shown);
    (text, words)
}

const STATIONS: &[&str] = &[
    "découpe",
    "soudure",
    "peinture",
    "assemblage",
    "contrôle",
    "emballage",
    "usinage",
    "presse",
];
const CONSTANT_STEMS: &[&str] = &["seuil", "cadence", "delai", "stock", "lot", "marge"];

/// One code block of 10–30 lines in Rust, Python or TOML, fenced, with its closing fence.
fn code_block(rng: &mut Rng) -> String {
    let lines = rng.between(10, 30);
    let (language, code) = match rng.below(3) {
        0 => ("rust", rust_code(rng, lines)),
        1 => ("python", python_code(rng, lines)),
        _ => ("toml", toml_code(rng, lines)),
    };
    assert_eq!(code.len(), lines, "{language}");
    let mut block = format!("```{language}\n");
    for line in code {
        block.push_str(&line);
        block.push('\n');
    }
    block.push_str("```\n");
    block
}

/// Lines put together from a header, units of the language in a random order (each separated
/// by a blank line) and a footer, exactly `lines` long: what is left is filled with constants
/// right after the header.
fn assemble(
    rng: &mut Rng,
    lines: usize,
    header: Vec<String>,
    units: Vec<Vec<String>>,
    footer: Vec<String>,
    constant: &dyn Fn(&mut Rng, usize) -> String,
) -> Vec<String> {
    let mut used = header.len()
        + if footer.is_empty() {
            0
        } else {
            footer.len() + 1
        };
    let mut chosen = Vec::new();
    let order = rng.distinct(units.len(), units.len());
    for i in order {
        if used + 1 + units[i].len() <= lines {
            used += 1 + units[i].len();
            chosen.push(i);
        }
    }
    let mut out = header;
    let left = lines.saturating_sub(used);
    out.extend((0..left).map(|k| constant(rng, k)));
    for i in chosen {
        out.push(String::new());
        out.extend(units[i].iter().cloned());
    }
    if !footer.is_empty() {
        out.push(String::new());
        out.extend(footer);
    }
    out
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn rust_code(rng: &mut Rng, n: usize) -> Vec<String> {
    let station = rng.pick(STATIONS);
    let header = vec![format!("//! Suivi de la cadence du poste de {station}.")];
    let (a, b, c) = (rng.between(100, 900), rng.between(2, 60), rng.between(1, 9));
    let units = vec![
        lines(
            "/// Un poste de la ligne, avec sa cadence nominale.\n\
             #[derive(Debug, Clone)]\n\
             pub struct Poste {\n    pub nom: String,\n    pub cadence: u32,\n    pub rebuts: u32,\n}",
        ),
        lines(
            "fn taux_de_rebut(bonnes: u32, total: u32) -> f64 {\n\
             \x20   if total == 0 {\n        return 0.0;\n    }\n\
             \x20   let rebuts = total.saturating_sub(bonnes);\n\
             \x20   f64::from(rebuts) / f64::from(total) * 100.0\n}",
        ),
        lines(
            "fn cadence_moyenne(mesures: &[u32]) -> Option<f64> {\n\
             \x20   if mesures.is_empty() {\n        return None;\n    }\n\
             \x20   // Moyenne sur la période, en pièces par heure.\n\
             \x20   let somme: u64 = mesures.iter().map(|&m| u64::from(m)).sum();\n\
             \x20   Some(somme as f64 / mesures.len() as f64)\n}",
        ),
        lines(&format!(
            "#[derive(Debug, PartialEq, Eq)]\n\
             enum Etat {{\n    Marche,\n    Arret {{ minutes: u32 }},\n}}\n\n\
             fn disponible(etat: &Etat) -> bool {{\n    !matches!(etat, Etat::Arret {{ minutes }} if *minutes > {b})\n}}"
        )),
        lines(&format!(
            "#[cfg(test)]\nmod tests {{\n    #[test]\n    fn seuil_coherent() {{\n\
             \x20       assert!({c} < {a}, \"le seuil dépasse la cadence\");\n    }}\n}}"
        )),
    ];
    let footer = lines(&format!(
        "fn main() {{\n    let postes = [\"{station}\", \"{}\", \"{}\"];\n\
         \x20   for (rang, nom) in postes.iter().enumerate() {{\n\
         \x20       let cible = {a} + rang as u32 * {b};\n\
         \x20       println!(\"{{nom}} : {{cible}} pièces par heure\");\n    }}\n}}",
        rng.pick(STATIONS),
        rng.pick(STATIONS)
    ));
    assemble(rng, n, header, units, footer, &|rng, k| {
        format!(
            "const {}_{k}: u32 = {};",
            rng.pick(CONSTANT_STEMS).to_uppercase(),
            rng.below(5000)
        )
    })
}

fn python_code(rng: &mut Rng, n: usize) -> Vec<String> {
    let station = rng.pick(STATIONS);
    let header = vec!["import csv".to_string(), "import statistics".to_string()];
    let (a, b) = (rng.between(100, 900), rng.between(2, 60));
    let units = vec![
        lines(
            "def taux_de_rebut(bonnes, total):\n    \"\"\"Part des pièces rebutées, en pourcentage.\"\"\"\n\
             \x20   if total == 0:\n        return 0.0\n    return (total - bonnes) / total * 100",
        ),
        lines(
            "def lire_mesures(chemin):\n    mesures = []\n\
             \x20   with open(chemin, newline=\"\", encoding=\"utf-8\") as fichier:\n\
             \x20       for ligne in csv.DictReader(fichier, delimiter=\";\"):\n\
             \x20           mesures.append(int(ligne[\"cadence\"]))\n    return mesures",
        ),
        lines(&format!(
            "class Poste:\n    def __init__(self, nom, cadence={a}):\n        self.nom = nom\n\
             \x20       self.cadence = cadence\n\n    def __repr__(self):\n\
             \x20       return f\"Poste({{self.nom!r}}, {{self.cadence}})\""
        )),
        lines(&format!(
            "def postes_en_retard(cadences, cible={a}):\n\
             \x20   # Les postes sous la cible de plus de {b} pièces par heure.\n\
             \x20   return sorted(nom for nom, c in cadences.items() if c < cible - {b})"
        )),
    ];
    let footer = lines(&format!(
        "if __name__ == \"__main__\":\n    cadences = [{}, {}, {}]\n\
         \x20   print(f\"{station} : {{statistics.median(cadences)}} pièces par heure\")",
        rng.between(100, 900),
        rng.between(100, 900),
        rng.between(100, 900)
    ));
    assemble(rng, n, header, units, footer, &|rng, k| {
        format!(
            "{}_{k} = {}",
            rng.pick(CONSTANT_STEMS).to_uppercase(),
            rng.below(5000)
        )
    })
}

fn toml_code(rng: &mut Rng, n: usize) -> Vec<String> {
    let station = rng.pick(STATIONS);
    let header = vec![format!("# Configuration du poste de {station}")];
    let units = vec![
        lines(&format!(
            "[atelier]\nnom = \"{station}\"\nsite = \"{}\"\nequipes = {}",
            rng.pick(COMPLEMENTS).replace('"', ""),
            rng.between(1, 4)
        )),
        lines(&format!(
            "[production]\ncadence_cible = {}\ntolerance = 0.{:02}\ndemarrage = 20{:02}-0{}-1{}T06:00:00",
            rng.between(100, 900),
            rng.below(100),
            5 + rng.below(20),
            1 + rng.below(9),
            rng.below(10)
        )),
        lines(&format!(
            "[[capteurs]]\nid = \"C-{}\"\ntype = \"température\"\nseuil = {}.5",
            rng.below(1000),
            rng.between(40, 120)
        )),
        lines(&format!(
            "[[capteurs]]\nid = \"P-{}\"\ntype = \"pression\"\nseuil = {}.0\nactif = {}",
            rng.below(1000),
            rng.between(2, 12),
            rng.chance(80)
        )),
        lines(&format!(
            "[maintenance]\njours = [\"lundi\", \"jeudi\"]\nfenetre = {{ debut = \"05:{:02}\", fin = \"06:15\" }}",
            rng.below(60)
        )),
        lines(&format!(
            "[alertes]\ndestinataires = [\"atelier\", \"qualite\"]\nrepetition_minutes = {}",
            rng.between(5, 60)
        )),
    ];
    assemble(rng, n, header, units, Vec::new(), &|rng, k| {
        format!("{}_{k} = {}", rng.pick(CONSTANT_STEMS), rng.below(5000))
    })
}

/// An article's body: an introduction, 2–3 sections under distinct headings, a list, a quote, one
/// link and maybe a code block, with `words` of prose as gen counts them (within one sentence).
fn article_body(
    rng: &mut Rng,
    words: (usize, usize),
    code: bool,
    earlier: Option<(usize, &str)>,
) -> (String, usize) {
    let target = rng.between(words.0, words.1);
    let sections = 2 + rng.below(2);
    let headings = rng.distinct(sections, HEADINGS.len());
    let list = bullet_list(rng);
    let quote = block_quote(rng);
    let (link, link_words) = link_sentence(rng, earlier);
    let mut count = count_words(&list)
        + count_words(&quote)
        + link_words
        + headings
            .iter()
            .map(|&h| count_words(HEADINGS[h]))
            .sum::<usize>();
    // Paragraphs of three to six sentences until the target is reached: one for the
    // introduction and at least one per section.
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut wanted = 0;
    loop {
        if count >= target && paragraphs.len() > sections {
            break;
        }
        if wanted == 0 {
            paragraphs.push(Vec::new());
            wanted = rng.between(3, 6);
        }
        let s = sentence(rng);
        let w = count_words(&s);
        let open = paragraphs.last().is_some_and(|p| !p.is_empty());
        if count + w > words.1 && paragraphs.len() - usize::from(!open) > sections {
            if !open {
                paragraphs.pop();
            }
            break;
        }
        count += w;
        paragraphs.last_mut().unwrap().push(s);
        wanted -= 1;
    }
    let at = rng.below(paragraphs.len());
    paragraphs[at].push(link);

    // Blocks keyed by (section, after which paragraph of it, order), then sorted.
    let mut blocks: Vec<((usize, usize, usize), String)> = Vec::new();
    let per_section = |s: usize| {
        let rest = paragraphs.len() - 1;
        (1 + s * rest / sections)..(1 + (s + 1) * rest / sections)
    };
    blocks.push(((0, 0, 0), paragraphs[0].join(" ")));
    for s in 0..sections {
        let range = per_section(s);
        blocks.push(((s + 1, 0, 0), format!("## {}", HEADINGS[headings[s]])));
        for (j, p) in range.enumerate() {
            blocks.push(((s + 1, j + 1, 0), paragraphs[p].join(" ")));
        }
    }
    let mut extra = |rng: &mut Rng, order: usize, text: String| {
        let s = rng.below(sections);
        let len = per_section(s).len();
        blocks.push(((s + 1, 1 + rng.below(len), order), text));
    };
    extra(rng, 1, list);
    extra(rng, 2, quote);
    if code {
        let block = code_block(rng);
        extra(rng, 3, block);
    }
    blocks.sort_by_key(|(key, _)| *key);
    let mut body = String::new();
    for (_, text) in &blocks {
        body.push_str(text.trim_end());
        body.push_str("\n\n");
    }
    body.pop();
    (body, count)
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
    let hugo_posts = args.hugo.as_ref().map(|hugo| {
        if hugo.exists() {
            std::fs::remove_dir_all(hugo).expect("remove the old Hugo site");
        }
        write_hugo_site(hugo);
        let posts = hugo.join("content/articles");
        std::fs::create_dir_all(&posts).unwrap();
        posts
    });

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
    let mut titles: Vec<String> = Vec::with_capacity(args.articles);
    let (mut total_bytes, mut total_words, mut with_code) = (0usize, 0usize, 0usize);
    for i in 0..args.articles {
        let minutes = (i as i64) * step + rng.below(step.min(400) as usize) as i64;
        let when = start
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .unwrap();
        let date = format!("{}+01:00", when.strftime("%Y-%m-%dT%H:%M:%S"));
        let mut title = format!(
            "{} {} {}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        );
        if rng.chance(30) {
            write!(title, " {}", rng.pick(COMPLEMENTS)).unwrap();
        }
        let lead = sentence(&mut rng);
        let author = &authors[rng.below(authors.len())];
        let mut article_tags: Vec<&str> = (0..1 + rng.below(4))
            .map(|_| tags[rng.below(60)].as_str())
            .collect();
        article_tags.sort();
        article_tags.dedup();
        let mut poles: Vec<&str> = (0..rng.below(4))
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
        let code = rng.chance(usize::from(args.code_percent));
        // Some articles link to an earlier one (which is always published), the others to
        // another site.
        let earlier = if i > 0 && rng.chance(40) {
            let j = rng.below(i);
            Some((j, titles[j].as_str()))
        } else {
            None
        };
        let (body, words) = article_body(&mut rng, args.words, code, earlier);
        let slug = format!("article-{i:06}");
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nauthors: [\"{author}\"]\nlead: \"{lead}\"\ntags: [{}]\npoles: [{}]\n---\n{body}",
            quote(&article_tags),
            quote(&poles)
        );
        std::fs::write(content.join("articles").join(format!("{slug}.md")), &text).unwrap();
        if let Some(posts) = &hugo_posts {
            std::fs::write(posts.join(format!("{slug}.md")), &text).unwrap();
        }
        total_bytes += text.len();
        total_words += words;
        with_code += usize::from(code);
        titles.push(title);
    }
    let n = args.articles.max(1);
    println!(
        "corpus: {} articles, {:.1} MB of Markdown, {:.1} KB and {} words per article on average, {} with code, in {}",
        args.articles,
        total_bytes as f64 / 1e6,
        total_bytes as f64 / n as f64 / 1e3,
        total_words / n,
        with_code,
        out.display()
    );
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

/// An equivalent Hugo site, but for its articles (`main` writes them, the same files as gen's):
/// the same taxonomies (tags, poles, authors), pages of 20, a paginated home over
/// `.Site.RegularPages` (Hugo's fastest form), term pages and feeds, and syntax highlighting
/// with CSS classes. Links written as source paths stay relative links in Hugo's pages.
fn write_hugo_site(dir: &Path) {
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
