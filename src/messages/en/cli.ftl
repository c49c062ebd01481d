# The command line: help of every command (`cli-<path>`) and argument (`cli-<path>--<argument>`,
# with `.value` for the name of its value), headings, and usage errors. In English.

cli = Builds the industrial-policy news section as a static site
cli-help-flag = Print this help
cli-version-flag = Print gen's version
cli-usage-heading = Usage:
cli-commands-heading = Commands
cli-options-heading = Options
cli-arguments-heading = Arguments
cli-command-value = COMMAND
cli-build = Build the site into the output folder (replaced only when the build succeeds)
cli-build--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-build--output = Where to write the site [default: <root>/public]
    .value = FOLDER
cli-build--base_url = Override base_url from site.toml (for preview deploys)
    .value = URL
cli-build--drafts = Include articles and pages marked `draft: true`
cli-build--timings = Print the time spent in each phase
cli-build--now = The build's reference time (RFC 3339 or a date): articles dated later are scheduled and left out. Defaults to $SOURCE_DATE_EPOCH when set, else the current time
    .value = TIME
cli-build--future = Include scheduled (future-dated) articles
cli-build--report = Where to write the machine-readable build report [default: <root>/.gen-cache/build-report.json]
    .value = FILE
cli-build--minify = Minify HTML, CSS and JavaScript
cli-build--manifest = Write every output file's SHA-256 to FILE (`sha256sum -c` format, paths relative to the output)
    .value = FILE
cli-build--delete_foreign = Delete files in the output folder that gen did not write (by default the build refuses to replace them). Names gen keeps (.git, CNAME, .well-known, .nojekyll and [output] keep) are never deleted
cli-serve = Build the site and serve it locally for preview (nothing is written to public/)
cli-serve--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-serve--watch = Rebuild on every change and reload open pages
cli-serve--port = Port to listen on [default: 1111, or the next free one]; 0 picks any free port
    .value = PORT
cli-serve--bind = Address to listen on; the default keeps the preview on this machine
    .value = ADDRESS
cli-serve--drafts = Include articles and pages marked `draft: true`
cli-serve--future = Include scheduled (future-dated) articles in the preview
cli-serve--open = Open the preview in the default browser
cli-comments = Moderate reader comments: list the pending ones, approve or reject one
cli-comments--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-comments--database = The intake service's database: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/NAME for several instances sharing one database. With it, list, show, approve and reject work on the comments readers sent through the site's form; without it, on the comments files. `serve` defaults to sqlite:<root>/.gen-comments/comments.sqlite3
    .value = URL
cli-comments-list = List the comments waiting for moderation (the default)
cli-comments-approve = Publish a comment: ID as listed (`<file>#<id>`, the id alone when it is unique, or `<file>:<line>` for an entry without a valid id). A defective entry is refused, with why
cli-comments-approve--id = The comment, as the list names it
    .value = ID
cli-comments-reject = Refuse a comment (any entry, defective ones included): it stays in its file and appears nowhere. ID as for approve
cli-comments-reject--id = The comment, as the list names it
    .value = ID
cli-comments-show = Show one comment of the database whole, with its email (needs --database)
cli-comments-show--id = The comment's id in the database
    .value = ID
cli-comments-sync = Write the database's approved comments into the site's comments files (no email), and hide again those rejected since; run before `gen build` [database default: sqlite:<root>/.gen-comments/comments.sqlite3]
cli-comments-sync--from = Read the service's export at this address instead of the database (in CI), with the token in $GEN_COMMENTS_TOKEN
    .value = URL
cli-comments-export = Print, as JSON, every comment sent with EMAIL, email included (a commenter's request for their data; needs --database)
cli-comments-export--email = The commenter's email address
    .value = EMAIL
cli-comments-erase = Delete every comment sent with EMAIL (a commenter's request); the next `sync` removes the published ones from the site's files (needs --database)
cli-comments-erase--email = The commenter's email address
    .value = EMAIL
cli-comments-import = Bring comments from WordPress (WXR export), Disqus (XML export) or the site's own comments files (`….comments.yaml`) into the database, each attached to its article by URL, alias or file, dates and statuses kept; run again, it adds nothing twice [database default: sqlite:<root>/.gen-comments/comments.sqlite3]
cli-comments-import--files = The export files to read
    .value = FILES
cli-comments-moderator = Moderator accounts of the desk at /moderation/ of the intake service
cli-comments-moderator-add = Create an account: the password is asked twice on a terminal, or read from the first line of standard input (at least 12 characters); only its Argon2id hash is stored
cli-comments-moderator-add--name = The moderator's name (1 to 64 characters)
    .value = NAME
cli-comments-serve = Run the intake service: receive the article form's comments and the readers' reports over HTTP, check them, and store them as pending in the database
cli-comments-serve--bind = Address to listen on (loopback by default: put the site's reverse proxy in front)
    .value = ADDRESS
cli-comments-serve--port = Port to listen on; 0 picks any free port
    .value = PORT
cli-comments-serve--behind_proxy = The service sits behind a reverse proxy on this machine: a client's address is the last one of X-Forwarded-For
cli-comments-serve--notify_every = Seconds between two notifications of new and reported comments ([comments] webhook)
    .value = SECONDS
cli-check = Build in memory (nothing written) and check links, images, leads and headlines
cli-check--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-check--external = Also request every external link (concurrently, with a timeout and retries; working links are remembered for [check] external_cache_hours)
cli-check--base_url = Check the site as published with this base URL
    .value = URL
cli-check--drafts = Include drafts
cli-check--now = The reference time (as for `gen build`)
    .value = TIME
cli-new = Start an article, a pôle, an author or a page from its archetype (never over a file)
cli-new--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-new-article = A draft article, dated now in the site's time zone: content/articles/<slug>.md, the slug made from the title. Refused when the slug is taken or a pôle is unknown
cli-new-article--title = The headline, in quotes: gen new article "Titre de l'article"
    .value = TITLE
cli-new-article--poles = A pôle the article is about, named as on its page (repeat for several)
    .value = NAME
cli-new-article--tags = A tag (repeat for several)
    .value = NAME
cli-new-article--author = The byline
    .value = NAME
cli-new-article--slug = The file name and URL segment, instead of the title's slug
    .value = SLUG
cli-new-pole = A pôle page, in the folder of the `poles` taxonomy (content/poles/<slug>.md)
cli-new-pole--name = The pôle's name, as articles will cite it
    .value = NAME
cli-new-author = An author page, in the folder of the authors taxonomy (content/auteurs/<slug>.md)
cli-new-author--name = The author's name, as bylines write it
    .value = NAME
cli-new-page = A draft standalone page: content/pages/<slug>.md, published at /<slug>/
cli-new-page--title = The page's title, in quotes
    .value = TITLE
cli-init = Start a new site in DIR (a new or empty folder): settings, the default theme, the pôles and a sample article, author and page
cli-init--dir = The folder to create the site in; it must not exist, or be empty
    .value = DIR
cli-deploy = Publish the site already built (gen build) to an S3 or S3-compatible bucket, or a folder: send only new and changed files, then delete those gone (only those gen published)
cli-deploy--target = The target: s3://BUCKET/PREFIX (address, region and keys in the AWS_* variables) or file:///FOLDER [default: target under [deploy] in site.toml]
    .value = URL
cli-deploy--root = The site's folder (the one holding site.toml)
    .value = FOLDER
cli-deploy--output = The built folder to publish [default: <root>/public]
    .value = FOLDER
cli-deploy--dry_run = Show what would be sent and deleted, without writing anything to the target
cli-deploy--withdraw = Remove from the target every file gen deployed there (its manifest lists them), then the manifest: a closed pull request's preview, for instance; files gen did not deploy stay
cli-completions = Print the completion script of a shell: `gen completions bash > ~/.local/share/bash-completion/completions/gen`
cli-completions--shell = The shell: bash, zsh, fish, elvish or powershell
    .value = SHELL
cli-man = Print gen's manual page (roff): `gen man > ~/.local/share/man/man1/gen.1`

## Usage errors (in place of clap's)
cli-error-line = gen: { $message }
cli-error-unknown-argument = unknown option '{ $arg }'
cli-error-unknown-command = unknown command '{ $command }'
cli-error-value-not-among = '{ $value }' is not a possible value for { $arg }; possible values: { $valid }
cli-error-value-missing = { $arg } needs a value
cli-error-value = value '{ $value }' refused for { $arg }
cli-error-missing = { $arg } is missing
cli-error-missing-command = the command to run is missing
cli-error-conflict = { $arg } cannot be used with { $other }
cli-error-count = wrong number of values for { $arg }
cli-error-utf8 = the command line holds unreadable characters (not UTF-8)
cli-error-other = the command line was not understood
cli-error-did-you-mean = did you mean '{ $near }'?
cli-error-help = commands and options: gen --help (or gen COMMAND --help)

## What commands print
cli-internal-error = gen: internal error: { $what } ({ $place })
    This is a bug in gen, not in your site. Nothing was published; please report it with the command you ran.
action-write-manual = write the manual page
action-read-password = read the password
cli-built = Built { $articles ->
        [one] { $articles } article
       *[other] { $articles } articles
    }: { $pages } pages, { $terms } terms, { $feeds } feeds, { $files } files ({ $megabytes } MB) in { $ms } ms -> { $output }
cli-scheduled = { $count ->
        [one] { $count } scheduled article left out
       *[other] { $count } scheduled articles left out
    }; the next one is due at { $next } (rebuild then)
cli-robots-note = note: the site is published under a path, where crawlers never read robots.txt; add these lines to { $host_file }:
cli-timings = {"  "}load { $load } ms, parse { $parse } ms, model { $model } ms, photos { $photos } ms, render+write pages { $render } ms, copy+swap { $write } ms
cli-timings-job = {"  "}{ $kind } { $pages } files: render { $render } ms, write { $write } ms (CPU, all threads)
cli-timings-highlight = {"  "}highlight: { $blocks } code blocks, { $highlighted } highlighted by syntect ({ $cached } from the cache), { $cpu } ms CPU
cli-timings-reused = {"  "}{ $reused } files kept as the previous build left them (nothing they are made from changed), { $written } written
cli-bad-now = invalid --now "{ $value }": { $why }; write it as 2015-05-18T12:00:00+02:00
cli-bad-epoch = invalid SOURCE_DATE_EPOCH "{ $value }": expected seconds since 1970-01-01
cli-checked = Checked { $articles ->
        [one] { $articles } article
       *[other] { $articles } articles
    }, { $pages } pages, { $images } images
cli-checked-ok = { $summary }: no problem found
cli-checked-external = { $summary }, { $external } external links: no problem found
cli-new-wrote = Wrote { $path }
cli-new-wrote-draft = Wrote { $path } (a draft)
cli-new-preview = Preview: { $url } (with `{ $command }`)
cli-init-done = Started a site in { $dir }: site.toml, the default theme (themes/default/, with its archetypes), { $poles } pôle pages, a sample article, an author page and a page ({ $files } files).
cli-init-next = Next:
    {"  "}cd { $dir } && gen serve
    {"  "}gen new article "Titre de l'article" --pole Moveo
    Set base_url in site.toml before publishing.

## gen comments
cli-comments-no-date = (no valid date)
cli-comments-needs-database = `gen comments show`, `export` and `erase` work on the intake service's database: add --database sqlite:PATH
cli-comments-none-pending = No comment is waiting for moderation.
cli-comments-left-out = {"    "}left out: { $line }:{ $col }: { $problem }
cli-comments-left-out-help = {"      "}help: { $help }
cli-comments-pending = { $count } pending. Approve with `gen comments approve ID`, reject with `gen comments reject ID`.
cli-comments-defective = { $count } left out of the site until fixed in its file (reject with `gen comments reject ID`).
cli-comments-approved = Approved { $reference } by { $author } ({ $date }); it appears on the next build.
cli-comments-already-approved = { $reference } by { $author } ({ $date }) is already approved; nothing was changed.
cli-comments-rejected = Rejected { $reference } by { $author } ({ $date }); it will appear nowhere.
cli-comments-already-rejected = { $reference } by { $author } ({ $date }) is already rejected; nothing was changed.
cli-comments-no-database = no comments database at { $path } (check --database; `gen comments serve` creates it)
cli-db-none-pending = No comment is waiting for moderation and none was reported.
cli-db-line = { $id }  { $status }  { $date }  { $article }  by { $author }{ $reports ->
        [0] {""}
        [one] {" "}· reported once
       *[other] {" "}· reported { $reports } times
    }
    {"    "}{ $excerpt }
cli-db-pending = { $count } pending. Approve with `gen comments --database … approve ID`, reject with `… reject ID`.
cli-db-show = { $id }
    status: { $status }
    article: { $article }
    date: { $date }
    author: { $author }
    email: { $email }
    {""}
    { $text }
cli-db-no-comment = no comment "{ $id }" in the database
cli-db-no-comment-list = no comment "{ $id }" in the database (see `gen comments --database … list`)
cli-db-erase-none = No comment was sent with that address.
cli-db-erased = Erased { $count } comment(s): { $ids }. Run `gen comments sync` then publish, to remove the published ones from the site.
cli-db-status-now = { $id } is now { $status }.
cli-db-status-already = { $id } is already { $status }; nothing was changed.
cli-moderator-bad-name = a moderator's name has 1 to 64 characters, without control characters
cli-moderator-password = Password for { $name }:{" "}
cli-moderator-again = Again:{" "}
cli-moderator-differ = the two passwords differ
cli-moderator-short = a moderator's password has at least 12 characters
cli-moderator-hash = the password could not be hashed; try again
cli-moderator-added = Moderator { $name } added; they log in at /moderation/ of the service.
cli-moderator-exists = there is already a moderator named "{ $name }"
cli-import-skipped = warning: { $file }: { $why }
cli-import-done = { $file }: { $added } imported, { $already } already there, { $skipped } left out.
cli-sync-problem = warning: { $problem }
cli-sync-added = added { $id } to { $file }
cli-sync-updated = { $id } in { $file }: now { $status }
cli-sync-removed = removed erased { $id } from { $file }
cli-sync-done = Synced: { $added } added, { $updated } updated, { $removed } removed.
cli-intake-listening = Receiving comments at { $url } (database { $database }); stop with Ctrl-C
cli-intake-trouble = warning: { $trouble }

## gen serve
cli-serve-port-taken = Port { $port } is taken; using the next free one.
cli-serve-listening = Serving the preview at { $url }
cli-serve-listening-watch = Serving the preview at { $url } (watching for changes)
cli-serve-stop = Press Ctrl-C to stop.
cli-serve-no-browser = cannot open a browser; open the address above yourself
cli-serve-rebuilt = Rebuilt in { $ms } ms: { $written ->
        [one] { $written } file
       *[other] { $written } files
    } written, { $removed } removed
cli-serve-failed = The site does not build; the preview keeps the last good version.
cli-default = {" "}[default: { $value }]
cli-possible = {" "}[possible values: { $values }]
