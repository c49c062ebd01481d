# Messages about templates, Markdown bodies, shortcodes (render/), in English.

## Template errors (render/errors.rs): what Tera found, in our words, and the page it broke
template-while-rendering = { $problem } ({ $others ->
        [0] while rendering { $page }
        [one] while rendering { $page } and { $others } other page
       *[other] while rendering { $page } and { $others } other pages
    })
template-page = { $path }
template-page-card = the card of { $path }
template-page-shortcode = the shortcode at { $place }

template-missing = template missing from the theme
template-missing-help = add templates/{ $name } to the site or to the theme
template-not-found = template `{ $name }` not found
template-not-found-help = add the template to the theme or to the site's templates/, or fix its name
template-missing-parent = this template extends `{ $parent }`, which does not exist
template-circular-include = templates include each other in a circle: { $chain }
template-circular-extend = templates extend each other in a circle: { $chain }
template-circular-help = a template includes or extends itself through a chain; break the cycle
template-unexplained = this template cannot be used as it is
template-io = the page cannot be written: { $reason }
template-utf8 = the page holds bytes that are not UTF-8 text
template-utf8-help = check the values this template writes as they are (with `safe`)

## Syntax
template-syntax = this is not valid template syntax
template-syntax-help = fix the template at this position (Tera 2 syntax)
template-tags-help = values are written {"{{"} … {"}}"}, tags {"{%"} … {"%}"} and comments {"{#"} … {"#}"}; check that each one is closed
template-unexpected = unexpected { $found } here
template-unexpected-expected = expected { $expected } here, found { $found }
template-expected-end-of-if = expected `elif`, `else` or `endif` here, found { $found }
template-if-help = close each {"{%"} if … {"%}"} with {"{%"} endif {"%}"}
template-token-code = `{ $code }`
template-token-name = a name
template-token-attribute = an attribute name
template-token-text = text
template-token-comment = a comment
template-token-string = a quoted text
template-token-number = a number
template-token-bool = `true` or `false`
template-unexpected-end = the template ends in the middle of a tag or a block
template-unexpected-end-help = close each {"{{"} with {"}}"} and each {"{%"} with {"%}"}, and end each block with its closing tag ({"{%"} endif {"%}"}, {"{%"} endfor {"%}"}, {"{%"} endblock {"%}"}…)
template-string-not-closed = this quoted text is never closed
template-string-not-closed-help = end it with the quotation mark it starts with ({ $quote })
template-bad-escape = a backslash (\) in this quoted text is followed by nothing it can escape
template-bad-escape-help = write \" for a quotation mark, \\ for a backslash, \n for a new line
template-comment-not-closed = this comment is never closed
template-comment-not-closed-help = end it with { $close }
template-raw-not-closed = this `raw` block is never closed
template-raw-not-closed-help = end it with {"{%"} endraw {"%}"}
template-bad-number = this number cannot be read
template-unexpected-character = this character means nothing inside a tag
template-unknown-tag = unknown tag
template-unknown-tag-help = the tags are if, for, set, set_global, include, extends, block, component, filter, raw, break and continue, with their end tags (endif, endfor…)
template-reserved-name = `{ $name }` is a reserved word of templates and cannot be used as a name
template-reserved-name-help = choose another name
template-loop-keyword = `{ $name }` can only be used directly in a `for` loop
template-loop-keyword-help = use `{ $name }` inside {"{%"} for … {"%}"} … {"{%"} endfor {"%}"}, outside other tags
template-loop-field = `loop` has no field `{ $name }`
template-loop-field-help = `loop` has index, index0, first, last and length
template-block-twice = this template already has a block named `{ $name }`
template-component-defined-twice = this template already has a component named `{ $name }`
template-rename-help = rename one of the two, or remove it
template-extends-first = `extends` must be the template's first tag, and come only once
template-extends-help = put {"{%"} extends "…" {"%}"} once, at the very start of the template
template-outside-blocks = this would be lost: a template that extends another only has blocks and components at its top level
template-outside-blocks-help = move this inside a {"{%"} block … {"%}"}, or remove it
template-block-nested = a block cannot be written inside another tag
template-component-nested = a component cannot be defined inside another tag
template-nested-help = move it out of the tag that holds it, to the template's top level
template-component-not-closed = component `{ $name }` is never closed
template-component-not-closed-help = end it with {"{%"} endcomponent { $name } {"%}"}
template-end-name = this end tag names `{ $found }`, but the tag it closes is `{ $name }`
template-end-name-help = give the end tag the same name as the opening one: `{ $name }`
template-argument-twice = argument `{ $name }` is given twice
template-argument-twice-help = keep one of them
template-too-complex = this expression is too complex (too deeply nested)
template-too-complex-help = split it in steps with {"{%"} set … {"%}"}

## Names that do not exist
template-unknown-filter = unknown filter `{ $name }`
template-unknown-filter-help = available extra filters: { $filters }; see the Tera 2 documentation for built-in ones
template-unknown-test = unknown test `{ $name }`
template-unknown-test-help = available extra tests: before, after; see the Tera 2 documentation for built-in ones (defined, string, number…)
template-unknown-function = unknown function `{ $name }`
template-unknown-function-help = available functions: get_url, range, throw
template-did-you-mean = did you mean `{ $name }`?
template-unknown-component = unknown component `{ $name }`
template-unknown-component-help = define it with {"{%"} component … {"%}"} in a template of the theme or of the site's templates/, or fix its name
template-component-twice = component `{ $name }` is also defined in { $other }
template-component-twice-help = give one of them another name, or remove one
template-block-not-in-parent = block `{ $name }` is not in any template this one extends
template-block-not-in-parent-help = give it the name of a block of the template it extends, or remove it

## Values, while rendering
template-unknown-variable = `{ $name }` is not defined
template-variable-without-value = `{ $name }` exists but has no value
template-unknown-field = field `{ $name }` is not defined
template-undefined-value = this value is not defined
template-undefined-help = check the variable's name; use `{"{{"} x | default(value="") {"}}"}` or `{"{%"} if x is defined {"%}"}` for optional values
template-variables-help = the variables here are { $names }; use `{"{{"} x | default(value="") {"}}"}` or `{"{%"} if x is defined {"%}"}` for optional values
template-fields-help = the fields here are { $names }; use `{"{{"} x | default(value="") {"}}"}` or `{"{%"} if x is defined {"%}"}` for optional values
template-kind-text = a text
template-kind-number = a number
template-kind-bool = true or false
template-kind-list = a list
template-kind-map = a map (keys and values)
template-kind-none = nothing (none)
template-kind-undefined = an undefined value
template-kind-bytes = bytes
template-kind-other = a value of type `{ $name }`
template-wrong-type = { $expected } is expected here, not { $actual }
template-missing-argument = argument `{ $name }` is missing
template-out-of-range = the value `{ $value }` is out of range here
template-cannot-compare = cannot compare { $left } with { $right }
template-plus-not-numbers = `+` adds numbers, not { $left } and { $right }
template-not-a-number = calculations are made with numbers, not { $kind }
template-plus-help = to join texts, use `~`: `{"{{"} a ~ b {"}}"}`
template-division-by-zero = division by zero
template-division-by-zero-help = check the divisor, or test it first: `{"{%"} if n != 0 {"%}"}`
template-number-too-large = this calculation gives a number too large
template-not-iterable = `for` cannot go through { $kind }
template-not-a-map = `for k, v in …` goes through a map, not { $kind }
template-not-iterable-help = `for` goes through a list, a map or a text
template-spread = `...` cannot spread { $kind } here
template-bad-index = { $kind } cannot be used as an index or a key here
template-wrong-kind = this cannot be done with { $kind }
template-super = `super()` is only used inside a block that replaces a block of the template it extends
template-super-help = remove `super()`, or use it inside such a block
template-component-unknown-argument = this component takes no argument { $names }
template-component-arguments-help = its arguments are { $names }
template-component-no-arguments-help = it takes no arguments
template-component-argument-type = argument `{ $name }` of this component is { $actual }, where { $expected } is expected
template-component-missing-argument = this component needs the argument `{ $name }`
template-range = `range` cannot make this list of numbers
template-range-help = give `range` an `end` greater than its `start` (or a negative `step_by`), a `step_by` other than 0, and at most 100,000 numbers
template-recursion = the component `{ $component }` calls itself without end
template-recursion-limit = components call each other too deeply (without end?)
template-recursion-help = a component that calls itself (directly or through others) needs a condition that stops it
template-value-refused = this value cannot be used here
template-value-help = check the value at this position, and what it is given to (filter, function or operation)

## What gen's filters and functions refuse
template-not-a-date = `{ $filter }` cannot read "{ $value }" as a date
template-not-a-date-kind = `{ $filter }` needs a date, not { $kind }
template-not-a-date-help = give it a date such as page.date (2015-05-18T12:53:00+02:00)
template-date-format = `{ $filter }` cannot use the format "{ $format }"
template-date-fr-help = write the format as a UTS-35 pattern, e.g. `d MMMM y` (18 mai 2015) or `EEEE d MMMM y 'à' HH'h'mm`
template-date-help = write the format with strftime codes, e.g. `%Y-%m-%d`; or use `date_fr`
template-time-zone = `{ $filter }`: unknown time zone "{ $zone }"
template-time-zone-help = write the name of a time zone of the IANA list, for example "Europe/Paris"
template-date-unwritable = `{ $filter }` cannot write this date
template-no-static-file = `get_url`: no static file "{ $path }" to cache-bust
template-no-static-file-help = put the file in static/ or in the theme's static/, or fix its path
template-thrown = the template stops the build: "{ $message }"
template-thrown-help = this message is the template's own (`throw`): see what it asks

## Markdown bodies (render/markdown.rs)
md-heading-id-unusable = heading id `{ $id }` cannot be an HTML id (no spaces, quotes, `<`, `>`, `&`, `#`, `%` or control characters): the heading gets `{ $shown }`
md-heading-id-help = write the id as {"{"}#{ $shown }{"}"}
md-heading-id-taken = heading id `{ $id }` is already used on this page: this heading gets `{ $shown }`, and links to #{ $id } lead to the first one
md-heading-id-taken-help = give each heading its own id
md-unknown-code-language = unknown code language `{ $language }`: the block is shown without highlighting
md-unknown-code-language-help = use a common name such as rust, yaml, toml, sh, json, html or python
md-file-not-found-help = put the file in the article's folder (articles/<name>/ with an index.md), or give an https URL
md-link-missing = link to { $target }, which does not exist (or is not published)
md-link-missing-help = link to a source file as @/articles/<name>.md (or relative to this file)
md-link-did-you-mean = did you mean @/{ $near }?

## Shortcodes (render/shortcodes.rs)
-shortcode-escape-help = to write `{"{{<"}` as text, escape it: {"{{"}\<
shortcode-declaration-help = declare arguments as {"{#"} arguments: titre (required), lien, texte|text {"#}"}
shortcode-declaration-unknown-mark = unknown mark `({ $mark })` in the arguments this template declares
shortcode-declaration-bad-name = `{ $name }` cannot be an argument name (letters, digits, `-` and `_` only)
shortcode-declaration-twice = argument `{ $name }` is declared twice
shortcode-no-name = expected a shortcode name after `{"{{<"}`
shortcode-no-name-help = write a shortcode as {"{{<"} figure src="…" alt="…" {">}}"}; { -shortcode-escape-help }
shortcode-closing-with-arguments = the closing tag of `{ $name }` takes no arguments
shortcode-closing-with-arguments-help = give the arguments to the opening tag and close with {"{{<"} /{ $name } {">}}"}
shortcode-not-closed = shortcode `{ $name }` is not closed with `{">}}"}`
shortcode-not-closed-help = end it with {">}}"} (on the same line or a later one); { -shortcode-escape-help }
shortcode-expected-argument = expected an argument (name="value") or `{">}}"}` in shortcode `{ $name }`, found `{ $found }`
shortcode-expected-argument-help = write each argument as name="value", separated by spaces
shortcode-argument-no-value = argument `{ $arg }` of `{ $name }` has no value
shortcode-argument-no-value-help = write it as { $arg }="…"
shortcode-value-not-closed = the value of `{ $arg }` is not closed by a { $quote }
shortcode-value-not-closed-help = end the value with { $quote }; write \{ $quote } for a { $quote } inside it
shortcode-not-alone = shortcode `{ $name }` must stand on a line of its own
shortcode-not-alone-help = move it to its own line, outside paragraphs, lists and quotes; { -shortcode-escape-help }
shortcode-unknown = unknown shortcode `{ $name }`
shortcode-did-you-mean = did you mean `{ $name }`?
shortcode-unknown-help = the shortcodes of this site are { $names }; a site adds one as templates/{ $folder }<name>.html
shortcode-never-closed = shortcode `{ $name }` is never closed
shortcode-never-closed-help = end its body with {"{{<"} /{ $name } {">}}"} on a line of its own
shortcode-no-body = shortcode `{ $name }` has no closing tag
shortcode-no-body-help = remove {"{{<"} /{ $name } {">}}"}: `{ $name }` takes no body
shortcode-closes-nothing = {"{{<"} /{ $name } {">}}"} closes no open `{ $name }`
shortcode-closes-nothing-help = open it above with {"{{<"} { $name } {">}}"}, or remove this line
shortcode-unknown-argument = unknown argument `{ $arg }` for shortcode `{ $name }`
shortcode-takes = `{ $name }` takes { $params }
shortcode-argument-twice = argument `{ $arg }` of `{ $name }` is given twice
shortcode-argument-twice-help = keep one of them
shortcode-missing-argument = shortcode `{ $name }` needs the argument `{ $arg }`
shortcode-empty-argument = argument `{ $arg }` of `{ $name }` is empty
shortcode-add-argument-help = add { $arg }="…"
shortcode-figure-src-help = name the photo: a file of the article's folder (src="usine.jpg") or an https address
shortcode-figure-alt-help = describe the photo for readers who cannot see it: alt="…"
shortcode-video-title-help = give the video a title: the button that starts it shows it (titre="…")
shortcode-figure-value-help = give the figure itself: valeur="71"
shortcode-figure-text-help = say what the figure counts: texte="pôles de compétitivité en France"
shortcode-quote-text-help = give the quoted words, without quotation marks: texte="…"
shortcode-document-src-help = name the document: a file of the article's folder (src="rapport.pdf") or an https address
shortcode-unknown-provider = unknown video provider `{ $provider }`
shortcode-provider-help = fournisseur is youtube, dailymotion or peertube
shortcode-video-help = give the address of a YouTube, Dailymotion or PeerTube video (https://www.youtube.com/watch?v=…, https://www.dailymotion.com/video/…, https://<instance>/w/…), or id="…" with fournisseur="youtube" or "dailymotion"
shortcode-video-url-and-id = give the video's `url` or its `id`, not both
shortcode-video-no-address = shortcode `video` needs `url` or `id`
shortcode-peertube-id = a PeerTube video is named by its address, not by its id alone
shortcode-peertube-id-help = give url="https://<instance>/w/…"
shortcode-not-a-video-id = `{ $id }` is not a { $provider } video id
shortcode-which-host = which site hosts video `{ $id }`?
shortcode-which-host-help = add fournisseur="youtube" or fournisseur="dailymotion"
shortcode-unknown-video = cannot tell which video `{ $url }` is
shortcode-other-provider = `{ $url }` is a { $found } video, not a { $given } one
shortcode-other-provider-help = remove fournisseur: the address says where the video is
shortcode-body-shown = this template shows `body` { $count ->
        [one] { $count } time
       *[other] { $count } times
    }; shortcode `{ $name }` has a body at { $place }, which it must show once
shortcode-body-shown-help = write {"{{"} body | safe {"}}"} once where the body goes
shortcode-document-not-found = document "{ $src }" not found
