# Messages about the model, the plan, building and checking (model/, plan.rs, pipeline.rs, build.rs, check.rs, linkcheck.rs, report.rs, session.rs, photo/), in English.

## The site's model: URLs, terms, aliases, comments (model/)
model-comments-orphan = these comments belong to { $article }, which does not exist
model-comments-orphan-help = rename the comments file along with its article
model-too-many-pages = the site has { $count } standalone pages; at most { $max } are allowed
model-too-many-pages-help = every page of the site links to every standalone page in its navigation: publish the others as articles
model-page-url-taken = the page would be published at /{ $path }, which the site already uses
model-page-url-taken-help = rename the file
model-article-url-taken = two articles would be published at /{ $path }
model-article-url-taken-help = { $other } already uses this URL; give one of them another file name or `slug:`
model-term-spelling = { $kind } "{ $name }" is spelled "{ $spelling }" elsewhere
model-term-spelling-help = write "{ $spelling }" as in { $first }, so both share one page
model-term-unknown = unknown { $kind } "{ $name }"
model-term-did-you-mean = did you mean `{ $near }`?
model-term-unknown-help = each { $kind } needs a page in content/{ $folder }/; known: { $known }
model-alias-taken = the alias /{ $alias } is already used
model-alias-taken-help = { $other } publishes or redirects there; remove one of them
model-comments-unreportable = approved comments are published, but readers have no way to report one
model-comments-unreportable-help = add a [comments] section to site.toml with the intake service's endpoint = "https://…", or report_email = "…" or report_url = "…{"{"}id{"}"}…"

## Who writes each output file (plan.rs)
plan-owner-home = the home page
plan-owner-home-page = page { $page } of the home page
plan-owner-article = the article { $path }
plan-owner-page = the page { $path }
plan-owner-taxonomy-list = the list of { $title }
plan-owner-term = the page of the { $kind } "{ $name }"
plan-owner-term-page = page { $page } of the { $kind } "{ $name }"
plan-owner-site-feed = the site's Atom feed
plan-owner-term-feed = the Atom feed of the { $kind } "{ $name }"
plan-owner-sitemap = the sitemap
plan-owner-news-sitemap = the news sitemap
plan-owner-search-index = the search index
plan-owner-search-page = the search page
plan-owner-alias = the alias /{ $alias } of { $path }
plan-owner-redirects = the _redirects file
plan-owner-robots = robots.txt
plan-owner-not-found = the 404 page
plan-owner-highlight-css = the code highlighting stylesheet
plan-owner-file = the file { $path }
plan-written-twice = /{ $path } would be written twice: by { $first } and by { $second }
plan-file-needs-folder = /{ $path } is a file written by { $file }, and { $folder } needs a folder there (for /{ $deeper })
plan-one-source-help = every address of the site has one source: rename or remove one of the two (an alias cannot take the address of a page or a file the site writes)
plan-image-not-found = image "{ $src }" not found
plan-image-not-found-help = put the image in the article's folder, next to index.md, or give an https URL
plan-image-not-in-folder-help = move the article to articles/<name>/index.md and put the image next to it, or give an https URL
plan-misplaced-asset = this file is not next to an article's index.md
plan-misplaced-asset-help = put images in the article's folder (articles/<name>/ with an index.md), in the folder named like a pôle's, author's or page's file (poles/<slug>/ beside poles/<slug>.md), or in static/

## Building (pipeline.rs, build.rs)
build-invalid-base-url = invalid base URL "{ $url }": { $why }
build-invalid-base-url-help = give an absolute http(s) URL, for example https://example.org/industrie/
build-output-refused = { $why }; choose another folder with --output
build-photo-written-twice = { $path } would be written twice (also by { $other })
build-photo-written-twice-help = a processed photo publishes NAME-WIDTH variants beside it: rename one of the two files

## What gen was doing when the system refused (composed as "cannot { action } { path }: …")
action-make-photo-folder = make a folder for processed photos
action-read-published-file = read
action-write-manifest = write the manifest
action-write-report = write the build report

## gen check (check.rs)
check-image-no-alt = image "{ $src }" has no text alternative
check-image-no-alt-help = describe the image between the brackets: ![Une ligne d'assemblage](photo.jpg)
check-image-not-found-help = put the image in the article's folder (articles/<name>/index.md and the image beside it) or in static/
check-no-lead = the article has no lead
check-no-lead-help = add `lead: "…"`: it is the article's description, in lists and feeds
check-headline-too-long = { $length ->
    [one] the headline has { $length } character; the limit is { $max }
   *[other] the headline has { $length } characters; the limit is { $max }
}
check-headline-too-long-help = shorten it (search engines and news aggregators cut long headlines)
check-headline-taken = another article has the headline "{ $title }"
check-headline-taken-help = { $other } uses it too; readers cannot tell them apart
check-link-broken = link to { $url } is broken: { $why }
check-link-broken-help = fix or remove the link, or add its prefix to [check] external_skip in site.toml

## Why an external link is broken (linkcheck.rs)
link-http-status = HTTP { $status }
link-timeout = no answer within { $seconds } s
link-refused = the server refused the connection
link-host-not-found = no server has this name (DNS)
link-connection-lost = the connection was cut
link-connection-failed = cannot connect to the server
link-tls = the secure connection (HTTPS) failed
link-too-many-redirects = too many redirects
link-bad-address = the address is not valid
link-bad-answer = the server's answer cannot be read

## Photos and images (photo/)
photo-not-an-image = this is not an image gen can read (JPEG, PNG or WebP): convert it to JPEG or PNG
photo-unsupported-format = this file holds a { $format } image, which gen does not publish: convert it to JPEG or PNG
photo-wrong-extension = the name says { $claimed } but the file holds a { $found } image: rename it with the right extension or export it again
photo-jpeg-cut-short = this JPEG image is cut short (truncated or damaged?): export or copy it again
photo-damaged = cannot read this { $format } image (truncated or damaged?): export or copy it again
photo-unsupported-variant = this { $format } image is in a variant gen cannot read: export it again as an ordinary JPEG or PNG
photo-too-large-to-decode = this { $format } image needs more memory to decode than gen allows ([images] max_pixels): export it smaller
photo-too-many-pixels = this image is { $width }×{ $height } pixels, more than the { $millions } million gen decodes ([images] max_pixels): export it smaller
photo-cannot-resize = cannot resize this image
photo-too-wide-for-jpeg = too wide for JPEG
photo-too-tall-for-jpeg = too tall for JPEG
photo-cannot-encode = cannot encode { $format }
photo-cannot-read = cannot read: { $reason }
photo-cannot-cache = cannot keep the processed photo in the cache: { $reason }
photo-svg-unsafe = this SVG file cannot be published as it is: { $why }; export it again without scripts or convert it to PNG
photo-svg-script = it holds a <script>
photo-svg-handler = it holds an event handler (onload=, onclick=…)
photo-svg-javascript = it holds a javascript: link
photo-svg-foreign-object = it embeds HTML (<foreignObject>)
photo-svg-entities = it declares entities
