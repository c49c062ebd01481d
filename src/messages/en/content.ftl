# Messages about site.toml, dates, reading and parsing the site (config.rs, dates.rs, load.rs, parse/), in English.

## Dates (dates.rs): every refusal in our words, field by field

-date-time-help = write the time as 12:53 or 12:53:00, after a `T` or a space
-date-offset-help = write the offset as +02:00 (summer in Paris) or +01:00 (winter), or end with Z for UTC
date-not-year-month-day = this is not written as year-month-day
date-not-in-time-zone = this time does not exist in the site's time zone
date-unreadable = this date could not be read; write it as 2015-05-18 or 2015-05-18T12:53:00+02:00
date-unexpected-after-date = unexpected "{ $text }" after the date; { -date-time-help }
date-no-such-month = there is no month { $month }; months go from 01 to 12
date-no-such-day = { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year } has { $days } days; there is no day { $day }
date-not-a-time-of-day = "{ $text }" is not a time of day; { -date-time-help }
date-no-such-hour = there is no hour { $hour }; hours go from 00 to 23
date-no-such-minute = there is no minute { $minute }; minutes go from 00 to 59
date-no-such-second = "{ $second }" is not a number of seconds; seconds go from 00 to 59
date-unexpected-after-time = unexpected "{ $text }" after the time; { -date-offset-help }
date-not-an-offset = "{ $text }" is not a time zone offset; { -date-offset-help }
date-offset-out-of-range = the offset { $offset } is not one of a real time zone (they go from -12:00 to +14:00); { -date-offset-help }

## site.toml (config.rs): values

config-invalid-base-url = invalid `base_url` "{ $value }": { $why }
config-base-url-help = write an absolute http(s) URL, for example "https://example.org/industrie/"
config-unknown-time-zone = unknown time zone "{ $value }"
config-time-zone-help = use an IANA time zone name such as "Europe/Paris"
config-at-least-one = `{ $key }` must be at least 1
config-at-least-one-help = set `{ $key } = 20`
config-unknown-highlight-theme = unknown highlight theme "{ $value }"
config-did-you-mean-value = did you mean "{ $value }"?
config-highlight-theme-choices = choose one of: { $themes }
config-unknown-typography = unknown typography "{ $value }"
config-typography-help = write typography = "fr" (French rules) or "none"
config-invalid-publisher-url = invalid publisher `url` "{ $value }": { $why }
config-absolute-url-help = write an absolute http(s) URL
config-invalid-image-widths = invalid images `widths` { $value }
config-image-widths-help = write 1 to 12 widths in pixels between 16 and 8000, for example [480, 960, 1440, 2400]
config-invalid-image-quality = invalid images `quality` { $value }
config-image-quality-help = write a number between 1 and 100 (82 is the default)
config-invalid-image-max-pixels = invalid images `max_pixels` { $value }
config-image-max-pixels-help = write a number of pixels of at least 1000000 (80000000 is the default)
config-invalid-comments-text = invalid comments `{ $key }` "{ $value }"
config-invalid-comments-number = invalid comments `{ $key }` { $value }
config-invalid-comments-endpoint = invalid comments `endpoint` "{ $value }": { $why }
config-report-url-help = write an absolute http(s) URL containing {"{id}"} (and optionally {"{url}"}), for example "https://example.org/signaler?commentaire={"{id}"}&page={"{url}"}"
config-report-email-help = write an address such as "moderation@example.org"
config-close-after-days-help = write a number of days between 1 and 36500, or remove the line to keep comments open
config-purge-after-days-help = write a number of days between 1 and 36500, or remove the line to keep pending and rejected comments
config-webhook-help = write an https address (http only on this machine), for example "https://chat.example.org/hooks/moderation"
config-invalid-notify-email = invalid comments `notify_email` [{ $addresses }]
config-notify-email-help = write a list of addresses, for example ["moderation@journal.example"]
config-notify-from-help = write the sender's address, for example "Commentaires <commentaires@journal.example>"
config-endpoint-help = write the public https address of `gen comments serve`, for example "https://commentaires.example.org/"
config-url-has-query-or-fragment = it has a query or a fragment
config-comments-need-https = readers' comments travel over https
config-invalid-theme = invalid `theme` "{ $value }"
config-theme-help = name a folder of themes/, for example "default"
config-invalid-keep-name = invalid name "{ $value }" in [output] keep
config-keep-help = write names of files or folders at the top of the output folder, such as "data.db" or ".htaccess"
config-quoted = "{ $value }"
config-quoted-then = "{ $value }", { $rest }

## site.toml: taxonomies

config-taxonomy-paginate-help = remove it to use the site's value
config-taxonomy-name-not-a-key = taxonomy name "{ $name }" cannot be a front-matter key
config-taxonomy-name-help = use lowercase letters, digits and `_`, for example "regions"
config-taxonomy-name-reserved = taxonomy name "{ $name }" is already a front-matter key
config-taxonomy-name-reserved-help = choose another name
config-taxonomy-declared-twice = taxonomy "{ $name }" is declared twice
config-taxonomy-declared-twice-help = remove one of the declarations
config-taxonomy-path-not-a-segment = taxonomy path "{ $path }" is not a single URL segment
config-taxonomy-path-help = use lowercase letters, digits and dashes, for example "{ $example }"
config-taxonomy-path-shared = taxonomies "{ $first }" and "{ $second }" both use the path "{ $path }"
config-taxonomy-path-shared-help = give each taxonomy its own `path`
config-taxonomy-path-reserved = taxonomy path "{ $path }" is used by the site itself
config-taxonomy-path-reserved-help = choose another `path`

## Addresses (base_url, --base-url, publisher, comments endpoint): why one is refused

config-url-not-absolute = this is not a complete address: it must start with https:// (or http://)
config-url-no-host = it has no host
config-url-bad-port = its port number is not valid
config-url-bad-ip = its IP address is not valid
config-url-bad-domain = its domain name contains a character that is not allowed
config-url-invalid = this is not a valid web address
config-url-scheme = the scheme must be http or https, not "{ $scheme }"
config-url-query-or-fragment = it must not carry a query or a fragment
config-url-credentials = it must not carry a user name or password

## site.toml that cannot be read (TOML syntax, unknown keys, wrong types)

config-unknown-key = site.toml: unknown key `{ $key }`
config-did-you-mean-key = did you mean `{ $key }`?
config-unknown-key-help = remove this key; see README.md for the keys site.toml accepts
config-missing-key = site.toml: missing key `{ $key }`
config-missing-key-help = add the missing key; see README.md for an example site.toml
config-subject-key = `{ $key }`
config-subject-value = this value
config-wrong-type = site.toml: { $subject } must be { $expected }, not { $found }
config-wrong-type-help = check the value's type: text goes in quotes, numbers do not
config-number-negative = site.toml: { $subject } cannot be negative ({ $value })
config-number-negative-help = write a whole number without a sign, for example 20
config-number-too-large = site.toml: { $subject } is too large ({ $value })
config-number-too-large-help = write a smaller whole number
config-kind-whole-number = a whole number
config-kind-number = a number
config-kind-decimal = a decimal number
config-kind-boolean = true or false
config-kind-text = text
config-kind-list = a list
config-kind-table = a table
config-kind-date = a date
config-kind-other = a value of another kind
config-duplicate-key = site.toml: `{ $key }` appears twice
config-duplicate-key-help = keep only one of them: a key or a [section] may appear only once
config-syntax-unclosed-quote = site.toml: this quote is never closed
config-syntax-unclosed-quote-help = close the text with the same quote, on the same line
config-syntax-bare-value = site.toml: this value cannot be read
config-syntax-bare-value-help = text goes in quotes ("like this"); true and false are written in lowercase, numbers without quotes
config-syntax-key-value = site.toml: a line must read `key = value`
config-syntax-key-value-help = write the key, an `=` sign, then one value
config-syntax-unclosed-header = site.toml: this section name is not closed with `]`
config-syntax-unclosed-header-help = write the section name between brackets, for example [comments]
config-syntax-list = site.toml: this list is not written properly
config-syntax-list-help = write the items between [ and ], separated by commas, for example [480, 960]
config-syntax-inline-table = site.toml: this table between braces is not written properly
config-syntax-inline-table-help = write `key = value` pairs between {"{"} and {"}"}, separated by commas, on one line
config-syntax-escape = site.toml: a backslash in quotes must start an escape such as \n
config-syntax-escape-help = write \\ for a backslash, or put the text in single quotes
config-syntax-key = site.toml: this key cannot be read
config-syntax-key-help = write keys with letters, digits, `_` and `-`, or put them in quotes
config-syntax-extra-text = site.toml: unexpected text after the value
config-syntax-extra-text-help = write one `key = value` per line; a comment starts with #
config-syntax-number = site.toml: this number is not written properly
config-syntax-number-help = write numbers with digits only, for example 20
config-syntax = site.toml: invalid TOML syntax here
config-syntax-help = fix the TOML syntax at this position; see README.md for an example site.toml

## Reading the site's files (load.rs)

# What gen was doing when the system refused: "cannot { $action } { $path }: …"
load-action-read-site-folder = read the site folder
load-action-read-config = read the configuration
load-action-read-folder = read a folder
load-theme-link-outside = the theme's folder is reached through a symbolic link pointing outside the site
load-theme-link-outside-help = copy the theme into themes/ instead of linking to it
load-theme-not-found = theme "{ $theme }" not found: there is no folder themes/{ $theme }/
load-theme-not-found-help = set `theme` in site.toml to a folder of themes/, or remove it to use "default"
load-theme-no-templates = the theme has no templates
load-theme-no-templates-help = put the theme's templates in themes/{ $theme }/templates/, or set `theme` in site.toml to a theme that has them
load-link-outside = symbolic link pointing outside the site
load-link-outside-help = copy the file into the site instead of linking to it
load-folder-link-outside = this folder is reached through a symbolic link pointing outside the site
load-folder-link-outside-help = copy the folder into the site instead of linking to it
load-link-loop = symbolic link loop
load-link-loop-help = remove the link that points back to one of its parent folders
load-broken-link = broken symbolic link
load-broken-link-help = remove the link or make it point to an existing file
load-markdown-extension = a Markdown file whose name does not end in `.md`
load-markdown-extension-help = rename it with a lowercase `.md` extension so it is read as an article or a page (it is not published as it is)
load-comments-copy = this looks like a copy of a comments file: it is not published
load-comments-copy-help = only `<article>.comments.yaml` (or `comments.yaml` in an article's folder) is read, and never published; move copies and backups out of the site
load-email-data = this file holds email addresses under an `email` key, as comments files do: it is not published
load-email-data-help = keep readers' data out of content/ and static/; if the file must be published, remove the addresses
load-changed-during-build = this file changed (or vanished) during the build: its text is no longer the one read at the start
load-changed-during-build-help = run the build again once the changes are saved
load-unreadable = cannot read the file: { $reason }
load-too-large = this file is { $megabytes }.{ $tenths } MB; text files are limited to { $limit } MB
load-too-large-help = split it into several articles; if it is not an article, move it out of the content folder
load-utf16 = the file is encoded in UTF-16
load-utf16-help = save it as UTF-8 (in most editors: "Save with encoding" → UTF-8)
load-invalid-utf8 = invalid UTF-8 at byte { $offset }: this is not a UTF-8 text file
load-binary-data = binary data at byte { $offset }: this is not a UTF-8 text file
load-not-utf8-help = save the file as UTF-8; if it is not text, move it out of the content folder
load-nul-byte = NUL byte at byte { $offset }: this looks like a binary file
load-nul-byte-help = only UTF-8 text belongs in a .md file

## Front matter (parse/frontmatter.rs)

fm-missing = missing front matter
fm-missing-help = start the file with a line containing only `---`, then the front matter (title, date, author…), then another `---` line
fm-never-closed = the front matter is never closed
fm-never-closed-help = add a line containing only `---` after the last front-matter key
fm-not-a-mapping = the front matter is not a list of `key: value` lines
fm-not-a-mapping-help = write one `key: value` per line, for example `title: "Mon titre"`
fm-quote-never-closed = invalid YAML in front matter: this quote is never closed
fm-quote-never-closed-help = add the closing quote at the end of the value
fm-tab = invalid YAML in front matter: a tab character; YAML indents with spaces only
fm-tab-help = replace the tab with spaces (two per level), or put the value in quotes if the tab belongs to it
fm-duplicate-key = invalid YAML in front matter: the key `{ $key }` is written twice
fm-duplicate-key-help = each key may appear only once; remove the repeated one
fm-too-much-data = invalid YAML in front matter: it expands to too much data
fm-too-much-data-help = the front matter expands to too much data (YAML aliases or nesting); write the values out plainly
fm-colon-in-value = invalid YAML in front matter: a `: ` inside a value that is not in quotes
fm-colon-in-value-help = a value containing `: ` must be put in quotes, for example title: "Industrie : le bilan"
fm-cannot-start-value = invalid YAML in front matter: a value cannot start with `{ $character }` unless it is in quotes
fm-cannot-start-value-help = a value starting with `@`, `` ` `` or `%` must be put in quotes
fm-list-not-closed = invalid YAML in front matter: a list opened with `[` is not closed
fm-list-not-closed-help = close the list with `]` on the same line, and put in quotes the items containing `,`, `:` or `#`
fm-braces-not-closed = invalid YAML in front matter: a `{"{"}` is not closed
fm-braces-not-closed-help = close it with `{"}"}`, or put the value in quotes if the braces belong to it
fm-unexpected-text = invalid YAML in front matter: unexpected text here
fm-unexpected-text-help = check the quotes and brackets on this line; a value containing `:`, `#` or `&` must be quoted
fm-missing-colon = invalid YAML in front matter: a line that is not `key: value`
fm-missing-colon-help = write each line as `key: value`, with a space after the colon; indent the continuation of a long value
fm-list-item-misplaced = invalid YAML in front matter: a list item (`- …`) is not allowed here
fm-list-item-misplaced-help = put the items under their key, each on its own line starting with `- `
fm-bad-escape = invalid YAML in front matter: a backslash in double quotes must start an escape such as \n
fm-bad-escape-help = write \\ for a backslash, or put the value in single quotes
fm-unknown-alias = invalid YAML in front matter: a value starting with `*` refers to an anchor that does not exist
fm-tag = invalid YAML in front matter: a value starting with `!` is a YAML tag
fm-anchor = invalid YAML in front matter: a value starting with `&` or `*` is a YAML anchor or alias
fm-special-character-help = put the value in double quotes
fm-invalid-yaml = invalid YAML in front matter at this position
fm-invalid-yaml-help = fix the YAML syntax at this position; putting the value in double quotes often helps

## Articles, term pages and pages (parse/mod.rs)

parse-misplaced = this Markdown file is not in a folder the site publishes
parse-misplaced-help = move it under content/ into one of: { $folders }; an article with images goes in articles/<name>/index.md
parse-correction-before-article = a correction is dated before the article
parse-correction-before-article-help = a correction follows publication: check its `date` and the article's
parse-updated-before-date = `updated` is earlier than `date`
parse-updated-before-date-help = `updated` is when the article was last changed; it cannot precede publication
parse-too-long = `{ $key }` has { $length ->
        [one] { $length } character
       *[other] { $length } characters
    }; at most { $max } are allowed
parse-too-long-help = shorten it: the { $key } is shown in lists, feeds and other pages
parse-too-many-terms = the article names { $count } terms; an article may name at most { $max } (authors, pôles, tags… together)
parse-too-many-terms-help = keep the terms that say what the article is about; a term belongs on an article it concerns directly
parse-term-file-name = the page for "{ $name }" must be named { $expected }.md
parse-term-file-name-help = rename the file to content/{ $folder }/{ $expected }.md, or change `name` to match the file name
parse-key-not-a-word = front-matter keys must be words
parse-key-not-a-word-help = write keys as plain words, for example `title:`
parse-unknown-key = unknown front-matter key `{ $key }`
parse-did-you-mean = did you mean `{ $value }`?
parse-accepted-keys = the keys accepted here are: { $keys }
parse-write-one-of = write one of: { $values }
parse-missing-key = missing `{ $key }`
parse-missing-key-help = add a line `{ $example }` to the front matter
parse-missing-date-help = add a line `{ $key }: 2015-05-18T12:53:00+02:00` (or just `{ $key }: 2015-05-18`)
parse-missing-author-help = add a line `author: Prénom Nom` (or `authors: [Nom, Autre nom]`)
parse-empty = `{ $key }` is empty
parse-empty-help = write some text after the colon
parse-must-be-text = `{ $key }` must be text, not { $found }
parse-must-be-text-help = put the value in double quotes
parse-must-be-bool = `{ $key }` must be true or false, not { $found }
parse-must-be-bool-help = write `true` or `false`
parse-must-be-date = `{ $key }` must be a date, not { $found }
parse-date-help = write it as 2015-05-18 or 2015-05-18T12:53:00+02:00
parse-invalid-date = invalid date "{ $value }" in `{ $key }`: { $why }
parse-unknown-kind = unknown kind "{ $value }"
parse-corrections-help = write each correction as `- {"{"} date: 2015-05-19, text: "Ce qui a été corrigé." {"}"}`
parse-corrections-not-a-list = `corrections` must be a list
parse-correction-needs-date-and-text = each correction needs a `date` and a `text`
parse-correction-exact-keys = each correction needs exactly a `date` and a `text`
parse-invalid-correction-date = invalid correction date "{ $value }": { $why }
parse-image-http = the image "{ $src }" is served over http
parse-image-http-help = use its https address (browsers block http images on an https page), or put the file in the article's folder
parse-image-scheme = the image "{ $src }" is neither a file name nor an https address
parse-image-scheme-help = write the name of a file in the article's folder (`image: photo.jpg`) or an https URL
parse-image-no-alt = the image has no `image_alt`
parse-image-no-alt-help = describe the image for readers who cannot see it: `image_alt: "Une ligne d'assemblage"`
parse-invalid-alias = invalid alias "{ $value }": { $why }
parse-alias-help = write the old address's path on this site, for example `/2015/05/usine-du-futur/` or `/archives/usine.html`: letters, digits, - _ . ~ and / only
parse-alias-other-host = an alias is an address of this site, not of another host
parse-alias-home = the home page cannot be an alias
parse-alias-empty-segment = it has an empty segment (`//`)
parse-alias-dots = `.` and `..` are not allowed
parse-alias-percent = percent escapes are not allowed; write the characters themselves
parse-alias-character = it contains a character that is not allowed
parse-alias-hidden = a segment may not start with `.` (hidden files are not published)
parse-alias-too-long = a segment is too long to be a file name
parse-alias-not-a-page = it names a file that is not a page; only a folder address (ending with `/`) or an `.html` page can redirect
parse-extra-keys = `extra` cannot be used by templates: one of its keys is a list or a map
parse-extra-keys-help = use text keys
parse-extra-not-a-map = `extra` must be a map of keys and values, not { $found }
parse-extra-not-a-map-help = write `extra:` followed by indented `key: value` lines
parse-must-be-names = `{ $key }` must be a list of names, not { $found }
parse-must-be-names-help = write `{ $key }: [Premier, Second]`
parse-entry-not-a-name = each entry of `{ $key }` must be a name, not { $found }
parse-entry-not-a-name-help = write names as text, quoted when they contain `:` or `&`
parse-empty-entry = `{ $key }` has an entry with no letters or digits
parse-empty-entry-help = remove the empty entry
parse-name-too-long = an entry of `{ $key }` has { $length } characters; at most { $max } are allowed
parse-name-too-long-help = a name is shown on every article naming it: shorten it
parse-author-and-authors = both `author` and `authors` are set
parse-author-and-authors-help = keep one: `author: Nom` or `authors: [Nom, Autre nom]`
parse-authors-empty = `authors` is empty
parse-authors-empty-help = name at least one author
parse-invalid-slug = invalid slug "{ $value }"
parse-invalid-slug-kind = invalid slug { $found }
parse-slug-example-help = use lowercase letters, digits and dashes, for example `slug: { $example }`
parse-slug-help = use lowercase letters, digits and dashes
parse-no-slug = the file name has no letters or digits to make a URL from
parse-no-slug-help = rename the file or add `slug: mon-article` to the front matter

# What kind of value was written instead ("must be text, not …")
parse-kind-nothing = nothing
parse-kind-boolean = true/false
parse-kind-number = a number
parse-kind-text = text
parse-kind-list = a list
parse-kind-map = a map
parse-kind-tagged = a tagged value
