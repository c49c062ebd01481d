# The comments intake service and the `gen comments` commands: what operators and editors read.

## --database
intake-db-sqlite-no-path = `--database sqlite:` needs a file path, for example sqlite:/var/lib/gen/commentaires.sqlite3
intake-db-unknown = unknown database "{ $value }": write sqlite:PATH (for example sqlite:/var/lib/gen/commentaires.sqlite3) or postgres://USER:PASSWORD@HOST:PORT/DATABASE
intake-db-postgres-unreadable = cannot read the PostgreSQL address { $address } (write postgres://USER:PASSWORD@HOST:PORT/DATABASE)
intake-db-postgres-unreadable-because = cannot read the PostgreSQL address { $address }: { $reason } (write postgres://USER:PASSWORD@HOST:PORT/DATABASE)
intake-address-bad-port = its port is not a number from 1 to 65535
intake-address-no-host = the server's name is missing
intake-address-bad-ipv6 = the IPv6 address between [ ] is not valid
intake-address-bad-ipv4 = the IPv4 address is not valid
intake-address-bad-host = the server's name has characters a name cannot have
intake-address-options = one of its options (after `?`) is unknown or has a wrong value

## The database
intake-db-refused = cannot { $action } { $database }: { $reason }
intake-db-create-folder = cannot create its folder { $folder }: { $reason }
intake-db-no-column = the query has no column { $column }
intake-db-not-a-number = column { $column } holds "{ $value }", not a number
intake-db-column-type = column { $column } has a type gen does not read
intake-db-schema-newer = this database is at schema version { $version }, newer than this gen knows ({ $known }): upgrade gen
intake-db-no-client-key = the client key is missing
intake-db-lock = a connection to the database is unusable after an earlier failure; restart the service
intake-no-randomness = the system gave no random numbers
intake-db-server-refused = the server refused the connection (is PostgreSQL running, and listening on this port?)
intake-db-server-timeout = the server did not answer in time
intake-db-server-lost = the connection to the server was cut
intake-db-server-unreachable = the server cannot be reached from this machine (network)
intake-db-server-unknown = no server is named { $host } (DNS)
action-intake-db-configure = configure the comments database
action-intake-db-connect = connect to the comments database
action-intake-db-migrate = apply schema version { $version } to
action-intake-db-request = use the comments database

## gen comments serve
action-intake-listen = listen on
action-intake-read-address = read the listening address
action-intake-start = start the service
action-intake-serve = serve
intake-task-failed = a task of the service stopped unexpectedly
intake-site-reload-failed = the site could not be read again (the previous list of articles is kept): { $reason }
intake-site-unreadable = the site cannot be read
intake-site-problems = { $first }{ $others ->
        [0] {""}
        [one] {" "}(and one other problem)
       *[other] {" "}(and { $others } other problems)
    }
intake-settings-unreadable = the site's settings are unreadable
intake-notify-no-smtp = [comments] notify_email is set but no SMTP server was given (GEN_SMTP_URL): no email will be sent
intake-notify-from-invalid = [comments] notify_from "{ $address }": { $reason }
intake-notify-email-invalid = [comments] notify_email "{ $address }": { $reason }
intake-address-missing-parts = an address needs a name, an @ and a domain
intake-address-unbalanced = an angle bracket (< or >) is not closed
intake-address-bad-user = the part before the @ is not valid
intake-address-bad-domain = the domain after the @ is not valid
intake-address-bad-characters = it holds characters an address cannot have
intake-email-unwritable = cannot write the notification email
intake-smtp-url-invalid = GEN_SMTP_URL is not an smtp:// or smtps:// address
intake-email-not-sent = the notification email could not be sent ({ $reason }); it will be tried again
intake-smtp-timeout = the mail server did not answer in time
intake-smtp-tls = the secure connection to the mail server failed
intake-smtp-refused = the mail server refused it (code { $code })
intake-smtp-bad-answer = the mail server's answer cannot be read
intake-smtp-connection = cannot connect to the mail server
intake-webhook-status = the moderation webhook answered HTTP { $status }; it will be tried again
intake-webhook-unreachable = the moderation webhook could not be reached ({ $reason }); it will be tried again

## Requests
intake-http-status = HTTP { $status }
intake-http-timeout = no answer within { $seconds } s
intake-http-refused = the server refused the connection
intake-http-host-not-found = no server has this name (DNS)
intake-http-connection-lost = the connection was cut
intake-http-connection-failed = cannot connect to the server
intake-http-tls = the secure connection (HTTPS) failed
intake-http-redirects = too many redirects, or a redirect that leads nowhere
intake-http-bad-address = the address is not valid
intake-http-bad-answer = the server's answer cannot be read
intake-http-too-large = the answer is larger than { $megabytes } MB

## gen comments sync --from
intake-export-unreadable = cannot read the comments export at { $url }: { $why }
intake-export-no-token = set GEN_COMMENTS_TOKEN to the service's export token
intake-export-token-refused = the service refused the token (check GEN_COMMENTS_TOKEN)
intake-export-none = the service has no export (start it with GEN_COMMENTS_TOKEN set)
intake-export-cut = the answer stops before its end
intake-export-not-json = the answer is not JSON (unreadable at line { $line }, column { $column })
intake-export-not-export = the answer is not a comments export (line { $line }, column { $column })

## gen comments import
action-intake-read-export = read
action-intake-read-comments = read
intake-import-not-comments-file = { $file }: not a comments file of this site (content/articles/<name>.comments.yaml, or comments.yaml in an article's folder)
intake-import-article-unpublished = { $file }: its article { $article } is not published
intake-import-not-xml = { $file }: not a readable XML export ({ $reason }); give a WordPress (WXR) or Disqus export
intake-import-unknown-format = { $file }: a <{ $root }> document is neither a WordPress (WXR) nor a Disqus export
intake-import-no-email = { $id }: no email address
intake-import-no-article = { $id }: no article of this site is at "{ $link }"
intake-import-no-author = { $id }: no usable author name
intake-import-bad-email = { $id }: no valid email address
intake-import-empty-text = { $id }: an empty text
intake-import-bad-date = { $id }: no valid date
intake-xml-dtd = it declares a DTD (<!DOCTYPE …>), which gen does not read
intake-xml-empty = it holds no XML element
intake-xml-unclosed = it ends before its last element is closed
intake-xml-too-large = it has too many elements or attributes to read
intake-xml-close-tag = </{ $found }> at line { $line }, column { $column } closes <{ $expected }>
intake-xml-entity = unknown entity &{ $name }; at line { $line }, column { $column }
intake-xml-invalid = invalid XML at line { $line }, column { $column }

## gen comments sync
intake-sync-unpublished = { $article }: this article is not published any more; its approved comments wait in the database
intake-sync-not-block-list = { $file }: not written as a block list (`- id: …` entries), so { $count ->
        [one] { $count } approved comment
       *[other] { $count } approved comments
    } could not be added; rewrite it as one
