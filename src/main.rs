//! The `gen` binary: parses the command line, calls the library, prints the report or every
//! error once, and chooses the exit code.

mod cli;

use std::process::ExitCode;

use gensite::diagnostics::Diagnostic;
use gensite::intake::db::Database;
use gensite::messages::{Lang, Message};
use gensite::msg;
use gensite::{BuildOptions, BuildReport, Error};

/// mimalloc: rendering allocates many small strings and values on several threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Everything gen prints goes through here, in the language of whoever reads it.
#[derive(Debug, Clone, Copy)]
struct Say {
    lang: Lang,
}

impl Say {
    /// A line on standard output.
    fn out(self, message: Message) {
        println!("{}", message.render(self.lang));
    }

    /// A line on standard error.
    fn err(self, message: Message) {
        eprintln!("{}", message.render(self.lang));
    }

    fn diagnostic(self, d: &Diagnostic) {
        eprintln!("{}", d.render(self.lang));
    }

    /// Warnings, a message repeated in many places said once with its count.
    fn warnings(self, warnings: &[Diagnostic]) {
        for w in gensite::diagnostics::summarize(warnings) {
            self.diagnostic(&w);
        }
    }

    fn text(self, message: Message) -> String {
        message.render(self.lang)
    }

    fn fail(self, err: &Error) -> ExitCode {
        eprintln!("{}", err.render(self.lang));
        match err {
            Error::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

/// The language of the messages: `GEN_LANG` when set, else the language of the site in `root`.
fn language(root: &std::path::Path) -> Lang {
    Lang::for_site(std::env::var("GEN_LANG").ok().as_deref(), root)
}

/// The site folder the command line names (`--root DIR` or `--root=DIR`), for the language of
/// the help and of usage errors, which come before the command line is understood.
fn root_in_args() -> std::path::PathBuf {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    for (i, arg) in args.iter().enumerate() {
        let text = arg.to_string_lossy();
        if text == "--root" {
            if let Some(next) = args.get(i + 1) {
                return next.into();
            }
        } else if let Some(value) = text.strip_prefix("--root=") {
            return value.into();
        }
    }
    ".".into()
}

fn main() -> ExitCode {
    // A build touches its memory once: with transparent huge pages the kernel zeroes and keeps
    // 2 MB at a time, which costs a fifth more memory and no speed (BENCHMARKS.md, issue 18).
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let early = Say {
        lang: language(&root_in_args()),
    };
    // A bug must still read as a message, not as a Rust backtrace.
    std::panic::set_hook(Box::new(move |info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        early.err(msg!("cli-internal-error", what = what, place = place));
    }));
    let cli = match cli::localized(early.lang).try_get_matches() {
        Ok(matches) => match <cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(err) => {
                eprintln!("{}", cli::usage_error(&err, early.lang));
                return ExitCode::from(2);
            }
        },
        Err(err) => {
            use clap::error::ErrorKind;
            return match err.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = err.print();
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = err.print();
                    ExitCode::from(2)
                }
                _ => {
                    eprintln!("{}", cli::usage_error(&err, early.lang));
                    ExitCode::from(2)
                }
            };
        }
    };
    match cli.command {
        cli::Command::Build(args) => {
            let say = Say {
                lang: language(&args.root),
            };
            let mut options = BuildOptions::new(&args.root);
            options.output = args.output.clone();
            options.base_url = args.base_url.clone();
            options.drafts = args.drafts;
            options.future = args.future;
            options.now = match reference_time(args.now.as_deref()) {
                Ok(now) => now,
                Err(message) => return say.fail(&Error::Usage(message)),
            };
            options.report = args.report.clone();
            options.minify = args.minify;
            options.manifest = args.manifest.clone();
            options.delete_foreign = args.delete_foreign;
            // The process ends with the build: the system reclaims its memory faster.
            options.free_memory = false;
            match gensite::build(&options) {
                Ok(report) => {
                    print_report(say, &report, args.timings);
                    ExitCode::SUCCESS
                }
                Err(err) => say.fail(&err),
            }
        }
        cli::Command::Serve(args) => serve(args),
        cli::Command::Comments(args) => comments(args),
        cli::Command::Check(args) => check(args),
        cli::Command::New(args) => new(args),
        cli::Command::Init(args) => init(&args.dir, early),
        cli::Command::Deploy(args) => deploy(args),
        cli::Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut cli::localized(early.lang),
                "gen",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        cli::Command::Man => {
            match clap_mangen::Man::new(cli::localized(early.lang)).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => early.fail(&Error::io(
                    msg!("action-write-manual"),
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
    let say = Say {
        lang: language(&args.root),
    };
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
        Err(err) => return say.fail(&err),
    };
    let here = args.root == std::path::Path::new(".");
    let shown = if here {
        file.path.clone()
    } else {
        args.root.join(&file.path)
    };
    let path = gensite::diagnostics::display_path(&shown);
    say.out(if file.draft {
        msg!("cli-new-wrote-draft", path = path)
    } else {
        msg!("cli-new-wrote", path = path)
    });
    let preview = gensite::serve::preview_url(std::net::SocketAddr::from((
        [127, 0, 0, 1],
        gensite::serve::DEFAULT_PORT,
    )));
    let mut command = String::from("gen serve");
    if file.draft {
        command.push_str(" --drafts");
    }
    if !here {
        command.push_str(&format!(" --root {}", args.root.display()));
    }
    say.out(msg!(
        "cli-new-preview",
        url = format!("{preview}{}", file.url),
        command = command
    ));
    ExitCode::SUCCESS
}

/// `gen init DIR`: a new site, then what to do next.
fn init(dir: &std::path::Path, say: Say) -> ExitCode {
    match gensite::scaffold::init(dir) {
        Ok(files) => {
            let poles = files
                .iter()
                .filter(|f| f.starts_with("content/poles"))
                .count();
            say.out(msg!(
                "cli-init-done",
                dir = dir,
                poles = poles,
                files = files.len()
            ));
            say.out(msg!("cli-init-next", dir = dir));
            ExitCode::SUCCESS
        }
        Err(err) => say.fail(&err),
    }
}

fn check(args: cli::CheckArgs) -> ExitCode {
    let say = Say {
        lang: language(&args.root),
    };
    let mut build = BuildOptions::new(&args.root);
    build.base_url = args.base_url.clone();
    build.drafts = args.drafts;
    build.now = match reference_time(args.now.as_deref()) {
        Ok(now) => now,
        Err(message) => return say.fail(&Error::Usage(message)),
    };
    match gensite::check::check(&gensite::check::CheckOptions {
        build,
        external: args.external,
    }) {
        Ok(report) => {
            say.warnings(&report.warnings);
            let summary = msg!(
                "cli-checked",
                articles = report.articles,
                pages = report.pages,
                images = report.images
            );
            say.out(if args.external {
                msg!("cli-checked-external", external = report.external).nested("summary", summary)
            } else {
                msg!("cli-checked-ok").nested("summary", summary)
            });
            ExitCode::SUCCESS
        }
        Err(err) => say.fail(&err),
    }
}

fn comments(args: cli::CommentsArgs) -> ExitCode {
    use gensite::comments::{self, Pending, Status};
    let say = Say {
        lang: language(&args.root),
    };
    let when = |p: &Pending| match &p.date {
        Some(date) => date.strftime("%Y-%m-%d %H:%M").to_string(),
        None => say.text(msg!("cli-comments-no-date")),
    };
    let database = match args.database.as_deref().map(Database::parse) {
        None => None,
        Some(Ok(path)) => Some(path),
        Some(Err(message)) => return say.fail(&Error::Usage(message)),
    };
    let action = args.action.unwrap_or(cli::CommentsAction::List);
    if let cli::CommentsAction::Serve(intake) = action {
        let database = database.unwrap_or_else(|| default_database(&args.root));
        return comments_service(say, &args.root, database, intake);
    }
    if let cli::CommentsAction::Moderator {
        action: cli::ModeratorAction::Add { name },
    } = &action
    {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return add_moderator(say, &database, name);
    }
    if let cli::CommentsAction::Import { files } = &action {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return comments_import(say, &args.root, &database, files);
    }
    if let cli::CommentsAction::Sync { from } = &action {
        let database = database
            .clone()
            .unwrap_or_else(|| default_database(&args.root));
        return comments_sync(say, &args.root, &database, from.as_deref());
    }
    if let Some(database) = database {
        return comments_database(say, &database, action);
    }
    // One comment of the files published or refused, and what was done said once.
    let moderate = |id: &str, status: Status| {
        comments::moderate(&args.root, id, status).map(|m| {
            let c = &m.comment;
            let line = match (status, m.changed) {
                (Status::Approved, true) => msg!("cli-comments-approved"),
                (Status::Approved, false) => msg!("cli-comments-already-approved"),
                (_, true) => msg!("cli-comments-rejected"),
                (_, false) => msg!("cli-comments-already-rejected"),
            };
            say.out(
                line.with("reference", &c.reference)
                    .with("date", when(c))
                    .nested("author", c.author.clone()),
            );
        })
    };
    let result = match action {
        cli::CommentsAction::Serve(_)
        | cli::CommentsAction::Sync { .. }
        | cli::CommentsAction::Import { .. }
        | cli::CommentsAction::Moderator { .. } => Ok(()),
        cli::CommentsAction::Show { .. }
        | cli::CommentsAction::Export { .. }
        | cli::CommentsAction::Erase { .. } => {
            Err(Error::Usage(msg!("cli-comments-needs-database")))
        }
        cli::CommentsAction::List => comments::pending(&args.root).map(|queue| {
            for problem in &queue.problems {
                say.diagnostic(problem);
            }
            if queue.comments.is_empty() {
                say.out(msg!("cli-comments-none-pending"));
            }
            for p in &queue.comments {
                println!(
                    "{}  {}  {}\n    {}",
                    p.reference,
                    when(p),
                    say.text(p.author.clone()),
                    p.excerpt
                );
                for problem in &p.problems {
                    say.out(
                        msg!(
                            "cli-comments-left-out",
                            line = problem.line,
                            col = problem.col
                        )
                        .nested("problem", problem.message.clone()),
                    );
                    if let Some(help) = &problem.help {
                        say.out(msg!("cli-comments-left-out-help").nested("help", help.clone()));
                    }
                }
            }
            let defective = queue
                .comments
                .iter()
                .filter(|p| !p.problems.is_empty())
                .count();
            let pending = queue.comments.len() - defective;
            if pending > 0 {
                say.out(msg!("cli-comments-pending", count = pending));
            }
            if defective > 0 {
                say.out(msg!("cli-comments-defective", count = defective));
            }
        }),
        cli::CommentsAction::Approve { id } => moderate(&id, Status::Approved),
        cli::CommentsAction::Reject { id } => moderate(&id, Status::Rejected),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => say.fail(&err),
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
        Database::Sqlite(path) if !path.is_file() => Err(Error::Usage(msg!(
            "cli-comments-no-database",
            path = path.as_path()
        ))),
        _ => Ok(()),
    }
}

/// `gen comments --database … list|show|approve|reject`: moderation of what the intake
/// service stored.
fn comments_database(say: Say, database: &Database, action: cli::CommentsAction) -> ExitCode {
    use gensite::intake::store::StoredComment;
    if let Err(err) = existing(database) {
        return say.fail(&err);
    }
    let mut store = match gensite::intake::open_store(database) {
        Ok(store) => store,
        Err(err) => return say.fail(&err),
    };
    let fail_db = |e: gensite::intake::store::StoreError| {
        say.fail(&gensite::intake::database_error(msg!("action-db-read"), e))
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
                say.out(msg!("cli-db-none-pending"));
            }
            for q in &queue {
                let c = &q.comment;
                say.out(msg!(
                    "cli-db-line",
                    id = &c.id,
                    status = &c.status,
                    date = &c.created_at,
                    article = &c.article,
                    author = &c.author,
                    reports = q.reports,
                    excerpt = excerpt(c)
                ));
            }
            let pending = queue
                .iter()
                .filter(|q| q.comment.status == "pending")
                .count();
            if pending > 0 {
                say.out(msg!("cli-db-pending", count = pending));
            }
            return ExitCode::SUCCESS;
        }
        cli::CommentsAction::Show { id } => {
            return match store.show(&id) {
                Ok(Some((c, email))) => {
                    say.out(msg!(
                        "cli-db-show",
                        id = &c.id,
                        status = &c.status,
                        article = &c.article,
                        date = &c.created_at,
                        author = &c.author,
                        email = email,
                        text = &c.text
                    ));
                    ExitCode::SUCCESS
                }
                Ok(None) => say.fail(&Error::Usage(msg!("cli-db-no-comment", id = id))),
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
                    say.out(msg!("cli-db-erase-none"));
                    ExitCode::SUCCESS
                }
                Ok(ids) => {
                    say.out(msg!(
                        "cli-db-erased",
                        count = ids.len(),
                        ids = ids.join(", ")
                    ));
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
        Ok(Some(changed)) => {
            say.out(if changed {
                msg!("cli-db-status-now", id = id, status = status)
            } else {
                msg!("cli-db-status-already", id = id, status = status)
            });
            ExitCode::SUCCESS
        }
        Ok(None) => say.fail(&Error::Usage(msg!("cli-db-no-comment-list", id = id))),
        Err(e) => fail_db(e),
    }
}

/// `gen comments moderator add NAME`: a desk account, its password hashed with Argon2id.
fn add_moderator(say: Say, database: &Database, name: &str) -> ExitCode {
    use std::io::IsTerminal;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return say.fail(&Error::Usage(msg!("cli-moderator-bad-name")));
    }
    let password = if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(say.text(msg!("cli-moderator-password", name = name)));
        let second = rpassword::prompt_password(say.text(msg!("cli-moderator-again")));
        match (first, second) {
            (Ok(a), Ok(b)) if a == b => a,
            (Ok(_), Ok(_)) => return say.fail(&Error::Usage(msg!("cli-moderator-differ"))),
            (Err(e), _) | (_, Err(e)) => {
                return say.fail(&Error::io(
                    msg!("action-read-password"),
                    std::path::Path::new("-"),
                    e,
                ));
            }
        }
    } else {
        let mut line = String::new();
        if let Err(e) = std::io::stdin().read_line(&mut line) {
            return say.fail(&Error::io(
                msg!("action-read-password"),
                std::path::Path::new("-"),
                e,
            ));
        }
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    if password.chars().count() < 12 {
        return say.fail(&Error::Usage(msg!("cli-moderator-short")));
    }
    let hash = match gensite::intake::desk::hash_password(&password) {
        Ok(hash) => hash,
        Err(_) => return say.fail(&Error::Usage(msg!("cli-moderator-hash"))),
    };
    let added = gensite::intake::open_store(database).and_then(|mut store| {
        store
            .add_moderator(name, &hash)
            .map_err(|e| gensite::intake::database_error(msg!("action-db-write"), e))
    });
    match added {
        Ok(true) => {
            say.out(msg!("cli-moderator-added", name = name));
            ExitCode::SUCCESS
        }
        Ok(false) => say.fail(&Error::Usage(msg!("cli-moderator-exists", name = name))),
        Err(err) => say.fail(&err),
    }
}

/// `gen comments import FILE…`: comments from WordPress or Disqus exports into the database.
fn comments_import(
    say: Say,
    root: &std::path::Path,
    database: &Database,
    files: &[std::path::PathBuf],
) -> ExitCode {
    let mut store = match gensite::intake::open_store(database) {
        Ok(store) => store,
        Err(err) => return say.fail(&err),
    };
    for file in files {
        match gensite::intake::import::import(root, &mut store, file) {
            Ok(imported) => {
                for why in &imported.skipped {
                    say.err(
                        msg!("cli-import-skipped", file = file.as_path())
                            .nested("why", why.clone()),
                    );
                }
                say.out(msg!(
                    "cli-import-done",
                    file = file.as_path(),
                    added = imported.added,
                    already = imported.already,
                    skipped = imported.skipped.len()
                ));
            }
            Err(err) => return say.fail(&err),
        }
    }
    ExitCode::SUCCESS
}

/// `gen comments sync`: approved comments from the database into the comments files.
fn comments_sync(
    say: Say,
    root: &std::path::Path,
    database: &Database,
    from: Option<&str>,
) -> ExitCode {
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
                    .map_err(|e| gensite::intake::database_error(msg!("action-db-read"), e))
            }),
    };
    let result = moderated.and_then(|m| gensite::intake::sync::sync(root, &m));
    match result {
        Ok(synced) => {
            for problem in &synced.problems {
                say.err(msg!("cli-sync-problem").nested("problem", problem.clone()));
            }
            for (file, id) in &synced.added {
                say.out(msg!("cli-sync-added", id = id, file = file));
            }
            for (file, id, status) in &synced.updated {
                say.out(msg!(
                    "cli-sync-updated",
                    id = id,
                    file = file,
                    status = status.name()
                ));
            }
            for (file, id) in &synced.removed {
                say.out(msg!("cli-sync-removed", id = id, file = file));
            }
            say.out(msg!(
                "cli-sync-done",
                added = synced.added.len(),
                updated = synced.updated.len(),
                removed = synced.removed.len()
            ));
            ExitCode::SUCCESS
        }
        Err(err) => say.fail(&err),
    }
}

/// `gen comments serve`: the intake service, until a stop signal.
fn comments_service(
    say: Say,
    root: &std::path::Path,
    database: Database,
    args: cli::IntakeArgs,
) -> ExitCode {
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
    let report = move |report: gensite::intake::Report| match report {
        gensite::intake::Report::Listening { url, database } => {
            say.out(msg!("cli-intake-listening", url = url, database = database));
        }
        gensite::intake::Report::Trouble(trouble) => {
            say.err(msg!("cli-intake-trouble").nested("trouble", trouble));
        }
    };
    match gensite::intake::serve(options, report, stop_signals()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => say.fail(&err),
    }
}

fn serve(args: cli::ServeArgs) -> ExitCode {
    let say = Say {
        lang: language(&args.root),
    };
    let mut build = BuildOptions::new(&args.root);
    build.drafts = args.drafts;
    build.future = args.future;
    let options = gensite::serve::ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        watch: args.watch,
    };
    let reporter = move |report: gensite::serve::Report| print_serve_report(say, report, &args);
    // The library polls this once before it makes the preview folder, so the handlers are in
    // place by then, and the folder is removed whatever stops the server.
    match gensite::serve::serve_in(Some(say.lang), options, reporter, stop_signals()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => say.fail(&err),
    }
}

/// Resolves when something asks gen to stop: Ctrl-C, `kill`, systemd, an editor's stop
/// button, a closed terminal, Ctrl-\, and every other signal whose default is to end the
/// process and that a process may catch (user signals, alarms, CPU and file size limits…), so
/// that the preview folder always goes. SIGPIPE stays ignored, as Rust programs have it.
async fn stop_signals() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut kinds = vec![
            SignalKind::interrupt(),
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::quit(),
            SignalKind::user_defined1(),
            SignalKind::user_defined2(),
            SignalKind::alarm(),
        ];
        kinds.extend(
            [
                rustix::process::Signal::VTALARM,
                rustix::process::Signal::PROF,
                rustix::process::Signal::XCPU,
                rustix::process::Signal::XFSZ,
                rustix::process::Signal::IO,
                #[cfg(any(target_os = "linux", target_os = "android"))]
                rustix::process::Signal::POWER,
                #[cfg(any(target_os = "linux", target_os = "android"))]
                rustix::process::Signal::STKFLT,
            ]
            .into_iter()
            .map(|s| SignalKind::from_raw(s.as_raw())),
        );
        let mut signals: Vec<tokio::signal::unix::Signal> = kinds
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
fn print_serve_report(say: Say, report: gensite::serve::Report, args: &cli::ServeArgs) {
    match report {
        gensite::serve::Report::Listening { url, moved_from } => {
            if let Some(port) = moved_from {
                say.out(msg!("cli-serve-port-taken", port = port));
            }
            say.out(if args.watch {
                msg!("cli-serve-listening-watch", url = &url)
            } else {
                msg!("cli-serve-listening", url = &url)
            });
            say.out(msg!("cli-serve-stop"));
            if args.open && opener::open(&url).is_err() {
                say.err(msg!("cli-serve-no-browser"));
            }
        }
        gensite::serve::Report::Built(rebuilt) => {
            say.warnings(&rebuilt.warnings);
            say.out(msg!(
                "cli-serve-rebuilt",
                ms = u64::try_from(rebuilt.took.as_millis()).unwrap_or(u64::MAX),
                written = rebuilt.written.len(),
                removed = rebuilt.removed.len()
            ));
        }
        gensite::serve::Report::Failed(diagnostics) => {
            for d in &diagnostics {
                say.diagnostic(d);
            }
            say.err(msg!("cli-serve-failed"));
        }
        gensite::serve::Report::Trouble(trouble) => {
            say.err(trouble);
        }
    }
}

/// `--now`, else `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible-build tools set it),
/// else `None` (the current time).
fn reference_time(now: Option<&str>) -> Result<Option<jiff::Timestamp>, Message> {
    if let Some(text) = now {
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
        return gensite::dates::parse_date(text, &tz)
            .map(Some)
            .map_err(|why| msg!("cli-bad-now", value = text).nested("why", why));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) if !epoch.trim().is_empty() => epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(Some)
            .ok_or_else(|| msg!("cli-bad-epoch", value = epoch.as_str())),
        _ => Ok(None),
    }
}

fn print_report(say: Say, report: &BuildReport, timings: bool) {
    say.warnings(&report.warnings);
    let t = &report.timings;
    say.out(msg!(
        "cli-built",
        articles = report.articles,
        pages = report.pages,
        terms = report.terms,
        feeds = report.feeds,
        files = report.files,
        megabytes = format_megabytes(say.lang, report.bytes),
        ms = u64::try_from(t.total.as_millis()).unwrap_or(u64::MAX),
        output = report.output.as_path()
    ));
    if let Some(next) = report.next_publication {
        say.out(msg!(
            "cli-scheduled",
            count = report.scheduled,
            next = next.to_string()
        ));
    }
    if let Some(robots) = &report.robots {
        say.out(msg!("cli-robots-note", host_file = &robots.host_file));
        for line in &robots.lines {
            println!("  {line}");
        }
    }
    if timings {
        let ms = |d: std::time::Duration| (d.as_secs_f64() * 1000.0).round() as u64;
        say.out(msg!(
            "cli-timings",
            load = ms(t.load),
            parse = ms(t.parse),
            model = ms(t.model),
            photos = ms(t.photos),
            render = ms(t.render),
            write = ms(t.write)
        ));
        for job in &t.jobs {
            say.out(msg!(
                "cli-timings-job",
                kind = format!("{:<8}", job.kind),
                pages = job.pages,
                render = ms(job.render),
                write = ms(job.write)
            ));
        }
        let h = &t.highlight;
        say.out(msg!(
            "cli-timings-highlight",
            blocks = h.blocks,
            highlighted = h.highlighted,
            cached = h.blocks - h.highlighted,
            cpu = ms(h.cpu)
        ));
        say.out(msg!(
            "cli-timings-reused",
            reused = report.reused,
            written = report.files - report.reused
        ));
    }
}

/// `gen deploy`: the plan with `--dry-run`, else what was sent, deleted and left; a failed
/// purge after the report (the site is deployed).
fn deploy(args: cli::DeployArgs) -> ExitCode {
    let say = Say {
        lang: language(&args.root),
    };
    let options = gensite::deploy::DeployOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        target: args.target.clone(),
        dry_run: args.dry_run,
        withdraw: args.withdraw,
    };
    let report = match gensite::deploy::deploy(&options) {
        Ok(report) => report,
        Err(err) => return say.fail(&err),
    };
    let megabytes = format_megabytes(say.lang, report.bytes_uploaded);
    if report.dry_run {
        for path in &report.to_upload {
            say.out(msg!("deploy-plan-upload", path = path));
        }
        for path in &report.to_delete {
            say.out(msg!("deploy-plan-delete", path = path));
        }
        say.out(msg!(
            "deploy-report-dry",
            uploaded = report.uploaded,
            deleted = report.deleted,
            unchanged = report.unchanged,
            megabytes = megabytes,
            target = &report.target
        ));
        return ExitCode::SUCCESS;
    }
    if options.withdraw {
        say.out(msg!(
            "deploy-report-withdrawn",
            deleted = report.deleted,
            target = &report.target
        ));
    } else {
        say.out(msg!(
            "deploy-report",
            uploaded = report.uploaded,
            deleted = report.deleted,
            unchanged = report.unchanged,
            megabytes = megabytes,
            target = &report.target
        ));
    }
    if let Some(count) = report.purged {
        say.out(msg!("deploy-purged", count = count));
    }
    match report.purge_failed {
        Some(why) => say.fail(&Error::Deploy(why)),
        None => ExitCode::SUCCESS,
    }
}

/// A size in megabytes with one decimal, as the language writes decimals (0,2 / 0.2).
fn format_megabytes(lang: Lang, bytes: u64) -> String {
    let text = format!("{:.1}", bytes as f64 / 1_000_000.0);
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}
