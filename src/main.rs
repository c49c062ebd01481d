//! The `gen` binary: parses the command line, calls the library, prints the report or every
//! error once, and chooses the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use gensite::intake::db::Database;
use gensite::{BuildOptions, BuildReport, Error};

/// mimalloc: rendering allocates many small strings and values on several threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A bug must still read as a message, not as a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "gen: internal error: {what}{place}\nThis is a bug in gen, not in your site. Nothing was published; \
             please report it with the command you ran."
        );
    }));
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => {
            let mut options = BuildOptions::new(&args.root);
            options.output = args.output.clone();
            options.base_url = args.base_url.clone();
            options.drafts = args.drafts;
            options.future = args.future;
            options.now = match reference_time(args.now.as_deref()) {
                Ok(now) => now,
                Err(message) => return fail(&Error::Usage(message)),
            };
            options.report = args.report.clone();
            options.minify = args.minify;
            options.manifest = args.manifest.clone();
            options.delete_foreign = args.delete_foreign;
            // The process ends with the build: the system reclaims its memory faster.
            options.free_memory = false;
            match gensite::build(&options) {
                Ok(report) => {
                    print_report(&report, args.timings);
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&err),
            }
        }
        cli::Command::Serve(args) => serve(args),
        cli::Command::Comments(args) => comments(args),
        cli::Command::Check(args) => check(args),
        cli::Command::New(args) => new(args),
        cli::Command::Init(args) => init(&args.dir),
        cli::Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut cli::Cli::command(),
                "gen",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        cli::Command::Man => {
            use clap::CommandFactory;
            match clap_mangen::Man::new(cli::Cli::command()).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&Error::io(
                    "write the manual page",
                    std::path::Path::new("-"),
                    e,
                )),
            }
        }
    }
}

/// `gen new`: writes the file, then says where it is and where the preview shows it.
fn new(args: cli::NewArgs) -> ExitCode {
    use gensite::scaffold::{NewArticle, Piece};
    let piece = match args.what {
        cli::NewPiece::Article {
            title,
            poles,
            tags,
            author,
            slug,
        } => Piece::Article(NewArticle {
            title,
            author,
            poles,
            tags,
            slug,
        }),
        cli::NewPiece::Pole { name } => Piece::Pole(name),
        cli::NewPiece::Author { name } => Piece::Author(name),
        cli::NewPiece::Page { title } => Piece::Page(title),
    };
    let file = match gensite::scaffold::new_piece(&args.root, &piece, jiff::Timestamp::now()) {
        Ok(file) => file,
        Err(err) => return fail(&err),
    };
    let here = args.root == std::path::Path::new(".");
    let shown = if here {
        file.path.clone()
    } else {
        args.root.join(&file.path)
    };
    println!(
        "Wrote {}{}",
        gensite::diagnostics::display_path(&shown),
        if file.draft { " (a draft)" } else { "" }
    );
    let preview = gensite::serve::preview_url(std::net::SocketAddr::from((
        [127, 0, 0, 1],
        gensite::serve::DEFAULT_PORT,
    )));
    let root = if here {
        String::new()
    } else {
        format!(" --root {}", args.root.display())
    };
    println!(
        "Preview: {preview}{} (with `gen serve{}{root}`)",
        file.url,
        if file.draft { " --drafts" } else { "" }
    );
    ExitCode::SUCCESS
}

/// `gen init DIR`: a new site, then what to do next.
fn init(dir: &std::path::Path) -> ExitCode {
    match gensite::scaffold::init(dir) {
        Ok(files) => {
            let poles = files
                .iter()
                .filter(|f| f.starts_with("content/poles"))
                .count();
            println!(
                "Started a site in {}: site.toml, the default theme (themes/default/, with its archetypes), {poles} pôle pages, a sample article, an author page and a page ({} files).",
                dir.display(),
                files.len()
            );
            println!("Next:");
            println!("  cd {} && gen serve", dir.display());
            println!("  gen new article \"Titre de l'article\" --pole Moveo");
            println!("Set base_url in site.toml before publishing.");
            ExitCode::SUCCESS
        }
        Err(err) => fail(&err),
    }
}

fn check(args: cli::CheckArgs) -> ExitCode {
    let mut build = BuildOptions::new(&args.root);
    build.base_url = args.base_url.clone();
    build.drafts = args.drafts;
    build.now = match reference_time(args.now.as_deref()) {
        Ok(now) => now,
        Err(message) => return fail(&Error::Usage(message)),
    };
    match gensite::check::check(&gensite::check::CheckOptions {
        build,
        external: args.external,
    }) {
        Ok(report) => {
            for warning in gensite::diagnostics::summarize(&report.warnings) {
                eprintln!("{warning}");
            }
            println!(
                "Checked {} article{}, {} pages, {} images{}: no problem found",
                report.articles,
                if report.articles == 1 { "" } else { "s" },
                report.pages,
                report.images,
                if args.external {
                    format!(", {} external links", report.external)
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail(&err),
    }
}

fn comments(args: cli::CommentsArgs) -> ExitCode {
    use gensite::comments::{self, Pending, Status};
    let when = |p: &Pending| match &p.date {
        Some(date) => date.strftime("%Y-%m-%d %H:%M").to_string(),
        None => "(no valid date)".to_string(),
    };
    let database = match args.database.as_deref().map(Database::parse) {
        None => None,
        Some(Ok(path)) => Some(path),
        Some(Err(message)) => return fail(&Error::Usage(message)),
    };
    let action = args.action.unwrap_or(cli::CommentsAction::List);
    if let cli::CommentsAction::Serve(intake) = action {
        let database = database.unwrap_or_else(|| default_database(&args.root));
        return comments_service(&args.root, database, intake);
    }
    if let cli::CommentsAction::Moderator {
        action: cli::ModeratorAction::Add { name },
    } = &action
    {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return add_moderator(&database, name);
    }
    if let cli::CommentsAction::Import { files } = &action {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return comments_import(&args.root, &database, files);
    }
    if let cli::CommentsAction::Sync { from } = &action {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return comments_sync(&args.root, &database, from.as_deref());
    }
    if let Some(database) = database {
        return comments_database(&database, action);
    }
    let result = match action {
        cli::CommentsAction::Serve(_)
        | cli::CommentsAction::Sync { .. }
        | cli::CommentsAction::Import { .. }
        | cli::CommentsAction::Moderator { .. } => Ok(()),
        cli::CommentsAction::Show { .. }
        | cli::CommentsAction::Export { .. }
        | cli::CommentsAction::Erase { .. } => Err(Error::Usage(
            "`gen comments show`, `export` and `erase` work on the intake service's database: add --database sqlite:PATH".into(),
        )),
        cli::CommentsAction::List => comments::pending(&args.root).map(|queue| {
            for problem in &queue.problems {
                eprintln!("{problem}");
            }
            if queue.comments.is_empty() {
                println!("No comment is waiting for moderation.");
            }
            for p in &queue.comments {
                println!("{}  {}  {}\n    {}", p.reference, when(p), p.author, p.excerpt);
                for problem in &p.problems {
                    println!("    left out: {}:{}: {}", problem.line, problem.col, problem.message);
                    if let Some(help) = &problem.help {
                        println!("      help: {help}");
                    }
                }
            }
            let defective = queue.comments.iter().filter(|p| !p.problems.is_empty()).count();
            let pending = queue.comments.len() - defective;
            if pending > 0 {
                println!("{pending} pending. Approve with `gen comments approve ID`, reject with `gen comments reject ID`.");
            }
            if defective > 0 {
                println!(
                    "{defective} left out of the site until fixed in its file (reject with `gen comments reject ID`)."
                );
            }
        }),
        cli::CommentsAction::Approve { id } => comments::moderate(&args.root, &id, Status::Approved).map(|m| {
            let c = &m.comment;
            if m.changed {
                println!("Approved {} by {} ({}); it appears on the next build.", c.reference, c.author, when(c));
            } else {
                println!("{} by {} ({}) is already approved; nothing was changed.", c.reference, c.author, when(c));
            }
        }),
        cli::CommentsAction::Reject { id } => comments::moderate(&args.root, &id, Status::Rejected).map(|m| {
            let c = &m.comment;
            if m.changed {
                println!("Rejected {} by {} ({}); it will appear nowhere.", c.reference, c.author, when(c));
            } else {
                println!("{} by {} ({}) is already rejected; nothing was changed.", c.reference, c.author, when(c));
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// The database commands use when `--database` is not given: a SQLite file in the site's
/// `.gen-comments/` folder.
fn default_database(root: &std::path::Path) -> Database {
    Database::Sqlite(root.join(".gen-comments").join("comments.sqlite3"))
}

/// A SQLite database the command reads must exist (opening would create an empty one).
fn existing(database: &Database) -> Result<(), Error> {
    match database {
        Database::Sqlite(path) if !path.is_file() => Err(Error::Usage(format!(
            "no comments database at {} (check --database; `gen comments serve` creates it)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// `gen comments --database … list|show|approve|reject`: moderation of what the intake
/// service stored.
fn comments_database(database: &Database, action: cli::CommentsAction) -> ExitCode {
    use gensite::intake::store::StoredComment;
    if let Err(err) = existing(database) {
        return fail(&err);
    }
    let mut store = match gensite::intake::open_store(database) {
        Ok(store) => store,
        Err(err) => return fail(&err),
    };
    let fail_db = |e: gensite::intake::store::StoreError| {
        fail(&gensite::intake::database_error(
            "read the comments database",
            e,
        ))
    };
    let excerpt = |c: &StoredComment| {
        let flat: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        match flat.char_indices().nth(100) {
            Some((i, _)) => format!("{}…", &flat[..i]),
            None => flat,
        }
    };
    let (id, status) = match action {
        cli::CommentsAction::List => {
            let queue = match store.queue() {
                Ok(queue) => queue,
                Err(e) => return fail_db(e),
            };
            if queue.is_empty() {
                println!("No comment is waiting for moderation and none was reported.");
            }
            for q in &queue {
                let c = &q.comment;
                let reports = match q.reports {
                    0 => String::new(),
                    1 => " · reported once".to_string(),
                    n => format!(" · reported {n} times"),
                };
                println!(
                    "{}  {}  {}  {}  by {}{reports}\n    {}",
                    c.id,
                    c.status,
                    c.created_at,
                    c.article,
                    c.author,
                    excerpt(c)
                );
            }
            let pending = queue
                .iter()
                .filter(|q| q.comment.status == "pending")
                .count();
            if pending > 0 {
                println!(
                    "{pending} pending. Approve with `gen comments --database … approve ID`, reject with `… reject ID`."
                );
            }
            return ExitCode::SUCCESS;
        }
        cli::CommentsAction::Show { id } => {
            return match store.show(&id) {
                Ok(Some((c, email))) => {
                    println!(
                        "{}\nstatus: {}\narticle: {}\ndate: {}\nauthor: {}\nemail: {email}\n\n{}",
                        c.id, c.status, c.article, c.created_at, c.author, c.text
                    );
                    ExitCode::SUCCESS
                }
                Ok(None) => fail(&Error::Usage(format!("no comment {id:?} in the database"))),
                Err(e) => fail_db(e),
            };
        }
        cli::CommentsAction::Export { email } => {
            return match gensite::intake::export_json(&mut store, &email) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail_db(e),
            };
        }
        cli::CommentsAction::Erase { email } => {
            return match store.erase(&email, jiff::Timestamp::now()) {
                Ok(ids) if ids.is_empty() => {
                    println!("No comment was sent with that address.");
                    ExitCode::SUCCESS
                }
                Ok(ids) => {
                    println!(
                        "Erased {} comment(s): {}. Run `gen comments sync` then publish, to remove the published ones from the site.",
                        ids.len(),
                        ids.join(", ")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail_db(e),
            };
        }
        cli::CommentsAction::Approve { id } => (id, "approved"),
        cli::CommentsAction::Reject { id } => (id, "rejected"),
        cli::CommentsAction::Serve(_)
        | cli::CommentsAction::Sync { .. }
        | cli::CommentsAction::Import { .. }
        | cli::CommentsAction::Moderator { .. } => return ExitCode::SUCCESS,
    };
    match store.set_status(&id, status) {
        Ok(Some(true)) => {
            println!("{id} is now {status}.");
            ExitCode::SUCCESS
        }
        Ok(Some(false)) => {
            println!("{id} is already {status}; nothing was changed.");
            ExitCode::SUCCESS
        }
        Ok(None) => fail(&Error::Usage(format!(
            "no comment {id:?} in the database (see `gen comments --database … list`)"
        ))),
        Err(e) => fail_db(e),
    }
}

/// `gen comments moderator add NAME`: a desk account, its password hashed with Argon2id.
fn add_moderator(database: &Database, name: &str) -> ExitCode {
    use std::io::IsTerminal;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return fail(&Error::Usage(
            "a moderator's name has 1 to 64 characters, without control characters".into(),
        ));
    }
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "));
        let second = rpassword::prompt_password("Again: ");
        match (first, second) {
            (Ok(a), Ok(b)) if a == b => a,
            (Ok(_), Ok(_)) => return fail(&Error::Usage("the two passwords differ".into())),
            (Err(e), _) | (_, Err(e)) => {
                return fail(&Error::io(
                    "read the password",
                    std::path::Path::new("-"),
                    e,
                ));
            }
        }
    } else {
        let mut line = String::new();
        if let Err(e) = std::io::stdin().read_line(&mut line) {
            return fail(&Error::io(
                "read the password",
                std::path::Path::new("-"),
                e,
            ));
        }
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    if password.chars().count() < 12 {
        return fail(&Error::Usage(
            "a moderator's password has at least 12 characters".into(),
        ));
    }
    let hash = match gensite::intake::desk::hash_password(&password) {
        Ok(hash) => hash,
        Err(e) => return fail(&Error::Usage(format!("cannot hash the password: {e}"))),
    };
    let added = gensite::intake::open_store(database).and_then(|mut store| {
        store
            .add_moderator(name, &hash)
            .map_err(|e| gensite::intake::database_error("write the comments database", e))
    });
    match added {
        Ok(true) => {
            println!("Moderator {name} added; they log in at /moderation/ of the service.");
            ExitCode::SUCCESS
        }
        Ok(false) => fail(&Error::Usage(format!(
            "there is already a moderator named {name:?}"
        ))),
        Err(err) => fail(&err),
    }
}

/// `gen comments import FILE…`: comments from WordPress or Disqus exports into the database.
fn comments_import(
    root: &std::path::Path,
    database: &Database,
    files: &[std::path::PathBuf],
) -> ExitCode {
    let mut store = match gensite::intake::open_store(database) {
        Ok(store) => store,
        Err(err) => return fail(&err),
    };
    for file in files {
        match gensite::intake::import::import(root, &mut store, file) {
            Ok(imported) => {
                for why in &imported.skipped {
                    eprintln!("warning: {}: {why}", file.display());
                }
                println!(
                    "{}: {} imported, {} already there, {} left out.",
                    file.display(),
                    imported.added,
                    imported.already,
                    imported.skipped.len()
                );
            }
            Err(err) => return fail(&err),
        }
    }
    ExitCode::SUCCESS
}

/// `gen comments sync`: approved comments from the database into the comments files.
fn comments_sync(root: &std::path::Path, database: &Database, from: Option<&str>) -> ExitCode {
    let moderated = match from {
        Some(url) => {
            let token = std::env::var("GEN_COMMENTS_TOKEN").unwrap_or_default();
            gensite::intake::fetch_export(url, &token)
        }
        None => existing(database)
            .and_then(|()| gensite::intake::open_store(database))
            .and_then(|mut store| {
                store
                    .moderated()
                    .map_err(|e| gensite::intake::database_error("read the comments database", e))
            }),
    };
    let result = moderated.and_then(|m| gensite::intake::sync::sync(root, &m));
    match result {
        Ok(synced) => {
            for problem in &synced.problems {
                eprintln!("warning: {problem}");
            }
            for (file, id) in &synced.added {
                println!("added {id} to {}", file.display());
            }
            for (file, id, status) in &synced.updated {
                println!("{id} in {}: now {}", file.display(), status.name());
            }
            for (file, id) in &synced.removed {
                println!("removed erased {id} from {}", file.display());
            }
            println!(
                "Synced: {} added, {} updated, {} removed.",
                synced.added.len(),
                synced.updated.len(),
                synced.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail(&err),
    }
}

/// `gen comments serve`: the intake service, until a stop signal.
fn comments_service(root: &std::path::Path, database: Database, args: cli::IntakeArgs) -> ExitCode {
    let options = gensite::intake::IntakeOptions {
        root: root.to_path_buf(),
        database,
        bind: args.bind,
        port: args.port,
        behind_proxy: args.behind_proxy,
        export_token: std::env::var("GEN_COMMENTS_TOKEN").ok(),
        smtp: std::env::var("GEN_SMTP_URL").ok(),
        notify_every: std::time::Duration::from_secs(args.notify_every.max(1)),
    };
    let report = |report: gensite::intake::Report| match report {
        gensite::intake::Report::Listening { url, database } => {
            println!("Receiving comments at {url} (database {database}); stop with Ctrl-C");
        }
        gensite::intake::Report::Trouble(trouble) => eprintln!("warning: {trouble}"),
    };
    match gensite::intake::serve(options, report, stop_signals()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

fn serve(args: cli::ServeArgs) -> ExitCode {
    let mut build = BuildOptions::new(&args.root);
    build.drafts = args.drafts;
    build.future = args.future;
    let options = gensite::serve::ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        watch: args.watch,
    };
    let reporter = move |report: gensite::serve::Report| print_serve_report(report, &args);
    // The library polls this once before it makes the preview folder, so the handlers are in
    // place by then, and the folder is removed whatever stops the server.
    match gensite::serve::serve(options, reporter, stop_signals()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// Resolves when something asks gen to stop: Ctrl-C, `kill`, systemd, an editor's stop
/// button, a closed terminal, Ctrl-\.
async fn stop_signals() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut signals: Vec<tokio::signal::unix::Signal> = [
            SignalKind::interrupt(),
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::quit(),
        ]
        .into_iter()
        .filter_map(|kind| signal(kind).ok())
        .collect();
        std::future::poll_fn(|cx| {
            if signals.iter_mut().any(|s| s.poll_recv(cx).is_ready()) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Prints what the preview server reports: where it listens, each rebuild, why the site does
/// not build, and troubles that do not stop it. With `--open`, opens the address in a browser.
fn print_serve_report(report: gensite::serve::Report, args: &cli::ServeArgs) {
    match report {
        gensite::serve::Report::Listening { url, moved_from } => {
            if let Some(port) = moved_from {
                println!("Port {port} is taken; using the next free one.");
            }
            println!(
                "Serving the preview at {url}{}",
                if args.watch {
                    " (watching for changes)"
                } else {
                    ""
                }
            );
            println!("Press Ctrl-C to stop.");
            if args.open
                && let Err(e) = opener::open(&url)
            {
                eprintln!("cannot open a browser: {e}");
            }
        }
        gensite::serve::Report::Built(rebuilt) => {
            for warning in gensite::diagnostics::summarize(&rebuilt.warnings) {
                eprintln!("{warning}");
            }
            println!(
                "Rebuilt in {} ms: {} file{} written, {} removed",
                rebuilt.took.as_millis(),
                rebuilt.written.len(),
                if rebuilt.written.len() == 1 { "" } else { "s" },
                rebuilt.removed.len()
            );
        }
        gensite::serve::Report::Failed(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            eprintln!("The site does not build; the preview keeps the last good version.");
        }
        gensite::serve::Report::Trouble(message) => eprintln!("{message}"),
    }
}

/// `--now`, else `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible-build tools set it),
/// else `None` (the current time).
fn reference_time(now: Option<&str>) -> Result<Option<jiff::Timestamp>, String> {
    if let Some(text) = now {
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
        return gensite::dates::parse_date(text, &tz)
            .map(Some)
            .map_err(|why| {
                format!("invalid --now {text:?}: {why}; write it as 2015-05-18T12:00:00+02:00")
            });
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) if !epoch.trim().is_empty() => epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(Some)
            .ok_or_else(|| {
                format!("invalid SOURCE_DATE_EPOCH {epoch:?}: expected seconds since 1970-01-01")
            }),
        _ => Ok(None),
    }
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{err}");
    match err {
        Error::Usage(_) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

fn print_report(report: &BuildReport, timings: bool) {
    for warning in gensite::diagnostics::summarize(&report.warnings) {
        eprintln!("{warning}");
    }
    let t = &report.timings;
    println!(
        "Built {} article{}: {} pages, {} terms, {} feeds, {} files ({:.1} MB) in {} ms -> {}",
        report.articles,
        if report.articles == 1 { "" } else { "s" },
        report.pages,
        report.terms,
        report.feeds,
        report.files,
        report.bytes as f64 / 1_000_000.0,
        t.total.as_millis(),
        report.output.display(),
    );
    if let Some(next) = report.next_publication {
        println!(
            "{} scheduled article{} left out; the next one is due at {} (rebuild then)",
            report.scheduled,
            if report.scheduled == 1 { "" } else { "s" },
            next
        );
    }
    if let Some(robots) = &report.robots {
        println!(
            "note: the site is published under a path, where crawlers never read robots.txt; \
             add these lines to {}:",
            robots.host_file
        );
        for line in &robots.lines {
            println!("  {line}");
        }
    }
    if timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  load {:.0} ms, parse {:.0} ms, model {:.0} ms, photos {:.0} ms, render+write pages {:.0} ms, copy+swap {:.0} ms",
            ms(t.load),
            ms(t.parse),
            ms(t.model),
            ms(t.photos),
            ms(t.render),
            ms(t.write),
        );
        for job in &t.jobs {
            println!(
                "  {:<8} {:>6} files: render {:.0} ms, write {:.0} ms (CPU, all threads)",
                job.kind,
                job.pages,
                ms(job.render),
                ms(job.write)
            );
        }
        let h = &t.highlight;
        println!(
            "  highlight: {} code blocks, {} highlighted by syntect ({} from the cache), {:.0} ms CPU",
            h.blocks,
            h.highlighted,
            h.blocks - h.highlighted,
            ms(h.cpu),
        );
    }
}
