# Messages about writing the output, comments, gen new/init, the preview server (write/, comments/, scaffold.rs, serve/), in English.

## Writing the output (write/)
write-outside-output = cannot write { $path }: this path leads outside the output folder
write-output-is-link = the output folder { $path } is a symbolic link; gen would replace the link, not write where it points: give the folder it points to
write-output-is-file = the output folder { $path } is a file, not a folder
write-output-holds-site = the output folder { $path } contains the site itself
write-output-in-sources = the output folder { $path } is part of the site's sources
write-output-looks-like-site = the output folder { $path } looks like a site, not a build output

## What gen owns, and refuses to destroy (write/)
own-foreign-files = the output folder { $output } holds files gen did not write ({ $names }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }); replacing the folder would delete them. Move them elsewhere, choose another folder with --output, list their names under [output] keep in site.toml to keep them in every build, or pass --delete-foreign to delete them.{ $marker ->
        [yes] {""}
       *[no] {" "}If it is the output of a gen older than this one, delete the folder once.
    }
own-kept-overwritten = { $path } was not written by gen, and this build writes { $page } over it; gen never replaces { $name }: remove one of the two (a static file named { $name } is published instead when the output holds none)
own-left-alone = left alone: { $why }; gen never writes into, empties or removes a folder it did not make
own-left-alone-help = remove it yourself if it is not needed (it may have been committed by mistake)
own-unreadable = it cannot be read ({ $reason })
own-symlink = it is a symbolic link
own-not-a-folder = it is not a folder
own-other-user = it belongs to another user
own-no-marker = it has no { $marker } file: gen did not make it
own-holds-kept = it holds a file the output folder also has, which gen never deletes

## What gen was doing when the system refused (composed as "cannot { action } { path }: { reason }")
action-create-output-parent = create the output's parent folder
action-create-staging-folder = create the staging folder
action-write-file = write
action-read-file = read
action-replace = replace
action-replace-file = replace file
action-replace-folder = replace folder
action-create-folder = create folder
action-carry-over = carry over
action-move-new-site = move the new site into place
action-move-previous-output = move the previous output aside

## Comments files: each entry checked, field by field (comments/)
comments-entry-left-out = this comment is left out: { $problem }
comments-not-yaml = this comments file is not valid YAML ({ $problem }); none of its comments is published
comments-not-yaml-help = fix the YAML at this position (a value containing `: `, `#` or a quote must be put in quotes); `gen comments` cannot edit the file until then
comments-second-document = this comments file holds a second YAML document: it is left out
comments-second-document-help = remove the `---` line: a comments file is one list of comments
comments-not-a-list = this comments file is { $kind }, not a list of comments; none of its comments is published
comments-not-a-list-help = each comment starts with `- ` at the start of a line: `- id: …`, then `  author: …`
comments-duplicate-id = the comment at line { $first } already has the id "{ $id }"
comments-duplicate-id-help = give each comment its own id (a comment sent twice has the same derived id: reject this copy)
comments-entry-not-a-comment = this entry is { $kind }, not a comment
comments-entry-not-a-comment-help = a comment is a set of `key: value` lines: id, author, email, date, text, status (and source)
comments-missing-field = the comment has no `{ $name }`
comments-key-not-a-name = this key is { $kind }, not a name
comments-key-not-a-name-help = a comment has the keys id, author, email, date, text and status
comments-key-twice = `{ $name }` is written twice (first at line { $first })
comments-key-twice-help = keep one of them
comments-unknown-key = unknown key "{ $key }"
comments-unknown-key-near = did you mean `{ $near }`? A comment has: { $fields }
comments-unknown-key-help = a comment has: { $fields }
comments-field-tagged = `{ $name }` has the YAML tag { $tag }; write the value without it
comments-field-alias = `{ $name }` is a YAML alias (`*name`); aliases are not read in comments
comments-field-list = `{ $name }` is a list, not text
comments-field-mapping = `{ $name }` is a set of keys, not text
comments-field-not-text-help = write the value as plain text on its line (in quotes if it holds `: ` or `#`)
comments-author-empty = the comment's author name is empty
comments-author-help = write the name the commenter gave
comments-source-invalid = `source` can only be `service`
comments-source-invalid-help = remove the line, or write `source: service` for a comment synced from the intake service
comments-email-invalid = the commenter's email address is not valid
comments-email-invalid-help = check the `email` field
comments-email-empty = the commenter's email address is empty
comments-email-kept-help = every comment keeps the address it was sent with (it is never published)
comments-date-invalid = invalid date "{ $value }": { $problem }
comments-date-help = write it as 2015-05-18T12:53:00+02:00
comments-date-empty = the comment's date is empty
comments-date-missing-help = write when it was sent, as 2015-05-18T12:53:00+02:00
comments-text-missing-help = write the comment's text under `text: |`
comments-text-empty = the comment's text is empty
comments-text-empty-help = a comment without text has nothing to publish: reject it
comments-status-unknown = unknown status "{ $value }"
comments-status-help = write pending, approved or rejected
comments-id-invalid = invalid comment id "{ $value }"
comments-id-help = use lowercase letters, digits and dashes
comments-author-is-address = the author name looks like an email address, which would be published
comments-author-is-address-help = ask the commenter for a display name, or replace `author` with one in the file

## What a YAML value is, in the messages above
comments-kind-value = a single value
comments-kind-alias = a YAML alias
comments-kind-list = a list
comments-kind-mapping = a set of keys

## Why a comments file is not valid YAML (the parser's reasons, in our words)
comments-yaml-tab = a tab is used where YAML allows only spaces
comments-yaml-unclosed-quote = a quoted value is not closed
comments-yaml-escape = a double-quoted value holds an unknown escape (`\…`)
comments-yaml-colon = a value holds `: ` without quotes, or a line is indented more than the others of its entry
comments-yaml-brackets = a `[` or `{"{"}` is not closed, or a comma is missing between values
comments-yaml-anchor = an alias (`*name`) names no anchor, or an anchor (`&name`) is defined twice
comments-yaml-indentation = a line is not indented like the lines of its entry
comments-yaml-control = the file holds an invisible control character
comments-yaml-tag = a YAML tag (`!…`) is not written correctly
comments-yaml-directive = a `%` directive line is not valid
comments-yaml-too-deep = values are nested too deeply
comments-yaml-unbalanced = a list or a set of keys is closed without being opened
comments-yaml-syntax = the YAML syntax is not valid here

## gen comments: the queue and the moderation edits (comments/moderate.rs)
moderate-unreadable = cannot read this comments file: { $reason }
moderate-unreadable-help = check its permissions
moderate-too-large = this comments file is over { $megabytes } MB; it is not read
moderate-too-large-help = move old comments to another file or delete them
moderate-not-utf8 = this is not a UTF-8 text file
moderate-author = { $name }
moderate-author-hidden = [author hidden: it looks like an email address]
moderate-no-author = [no author]
moderate-ambiguous = "{ $reference }" names several comments; use one of: { $references }
moderate-no-such-comment = no comment "{ $reference }"; `gen comments` lists the waiting ones
moderate-no-such-comment-unreadable = { $message }{"\u000A"}these comments files cannot be read, so their comments cannot be named; edit them by hand:{ $problems }
moderate-cannot-approve = cannot approve { $reference }: it cannot be published as written:{ $problems }{"\u000A"}fix these in the file (then approve it again), or reject it with `gen comments reject { $reference }`
moderate-unsafe-edit = cannot change the status of { $reference } safely: { $why }; edit { $place } by hand
moderate-file-changed = { $path } changed while it was being edited (a new comment?); nothing was written: run the command again
# Problems listed in a message, one per line: each line starts with a line break.
moderate-line = {"\u000A"}{ $line }{ $rest }
moderate-lines-end = {""}
moderate-edit-not-yaml = the file is not valid YAML at line { $line }, column { $col } ({ $problem })
moderate-edit-no-entry = the file has no entry number { $number }
moderate-edit-not-a-mapping = the entry is not a set of `key: value` lines
moderate-edit-status-not-in-place = its `status` is written in a way that cannot be edited in place
moderate-edit-status-nested = its `status` holds a nested list or mapping
moderate-edit-breaks-yaml = the edit would make the file invalid YAML at line { $line }, column { $col }
moderate-edit-changes-more = the edit would change more than the status
moderate-edit-no-key = the entry has no key
moderate-edit-keys-not-one-per-line = the entry's keys are not one per line
action-read-comments-file = read
action-write-temporary-file-in = write in

## gen new and gen init (scaffold.rs)
new-no-archetype = gen has no archetype called "{ $name }"
new-no-placeholder-for-flag = { $flag } was given, but { $archetype } has no `{"{{"} { $key } {"}}"}` placeholder to put it in
new-title-empty = the title is empty
new-name-empty = the name is empty
new-title-no-letters = the title "{ $text }" has no letters or digits to make a file name from
new-name-no-letters = the name "{ $text }" has no letters or digits to make a file name from
new-bad-slug = --slug "{ $slug }" is not a slug: use lowercase letters, digits and single dashes, for example "{ $example }"
new-no-taxonomy = site.toml declares no `{ $taxonomy }` taxonomy: there is no folder for this page
new-flag-without-taxonomy = { $flag } was given, but site.toml declares no `{ $key }` taxonomy
new-exists = { $path } already exists
new-folder-taken = the folder { $folder }/ already holds an article
new-slug-taken = { $path } is already published at /articles/{ $slug }/
new-taken = { $why }; nothing was written
new-taken-article = { $why }; choose another title, or another slug with --slug; nothing was written
new-placeholder-unclosed = unclosed placeholder
new-placeholder-unclosed-help = write placeholders on one line, as `{"{{"} title {"}}"}`
new-placeholder-unknown = unknown placeholder `{ $name }`
new-placeholder-did-you-mean = did you mean `{ $near }`?
new-placeholder-known = this archetype can use: { $known }
init-not-empty = { $path } is not empty: gen init starts a site only in a new or empty folder; nothing was written
action-read-archetype = read the archetype
action-make-folder = make the folder
action-create-file = create
action-read-folder = read the folder

## gen serve: the server and its watcher (serve/)
serve-cannot-listen = cannot listen on { $address }: { $reason }; choose another port with --port (or --port 0 for any free one)
serve-port-in-use = another program already uses this port
serve-address-not-here = this address is not one of this computer's
serve-port-reserved = this port is reserved for the system's administrator
serve-ports-taken = ports { $first } to { $last } on { $address } are all taken; choose one with --port
watch-cannot-start = cannot watch the site: { $reason }
watch-cannot-watch = cannot watch { $path }: { $reason }
watch-trouble = watcher: { $reason }
watch-too-many = the system's limit on watched files is reached (on Linux, raise fs.inotify.max_user_watches)
watch-not-watched = the folder was not being watched
watch-invalid-settings = the watcher's settings are not valid
watch-failed = the system's file watcher failed without saying why
watch-died = the file watcher stopped after an internal error (a bug in gen); the preview was closed
action-start-server = start the server
action-read-listening-address = read the listening address
action-listen = listen on
action-serve = serve

## The preview: its folder, its error overlay, its own pages (serve/)
preview-cannot-remove = cannot remove the preview folder { $path }: { $reason }
preview-cannot-remove-stale = cannot remove the stale preview folder { $path }: { $reason }
preview-overlay-title = { $count ->
    [one] The preview could not be rebuilt ({ $count } error)
   *[other] The preview could not be rebuilt ({ $count } errors)
}
preview-overlay-note = The page shown is the last valid version. Fix the file: it will update by itself.
preview-overlay-help = help:
preview-not-found-title = Page not found
preview-not-found-text = This page does not exist (yet) in the preview.
preview-redirect-refused = Page not found: this address leads to no page of the preview.
action-create-preview-folder = create the preview folder
action-write-preview-marker = write the preview marker in
