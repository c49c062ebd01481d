# Messages of gen deploy (deploy/, and its [deploy] settings in site.toml), in English.

## [deploy] in site.toml
config-deploy-target-help = write for example target = "s3://my-bucket/industry/" or target = "file:///srv/www/industry"
config-deploy-bad-header = { $key } "{ $value }" cannot be sent as a Cache-Control header
config-deploy-bad-header-help = write a Cache-Control value on one line, in ASCII characters, for example "public, max-age=86400"

## The target
deploy-no-target = no target: give --target s3://BUCKET/PREFIX or --target file:///FOLDER, or set target under [deploy] in site.toml
deploy-target-invalid = "{ $value }" is not a target gen deploy knows: { $why }
deploy-target-why-scheme = it must start with s3:// (an S3 or S3-compatible bucket) or file:// (a folder)
deploy-target-why-query = it can contain neither "?" nor "#"
deploy-target-why-bucket = the bucket's name must follow s3://, for example s3://my-bucket/industry/
deploy-target-why-prefix = the prefix after the bucket's name can have neither "." nor ".." as a segment
deploy-target-why-file = file:// must be followed by an absolute path, for example file:///srv/www/industry
deploy-target-credentials = the target address carries a user name or a password: remove them, and put the keys in the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
deploy-no-credentials = to deploy to s3://{ $bucket }, set the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)
deploy-bad-endpoint = { $variable } does not give the http:// or https:// address of an S3 server
deploy-bad-bucket = the bucket name "{ $bucket }" cannot be used in a server address; for an S3-compatible host, set its address in AWS_ENDPOINT_URL

## The output
deploy-no-output = { $path } does not exist: build the site with gen build first (or name the built folder with --output)
deploy-not-gen-output = { $path } is not a folder built by gen (it has no { $marker } file); build the site with gen build, or name the built folder with --output
deploy-bad-name = the name of { $path } is not UTF-8 text: rename the file to publish it
deploy-read-failed = cannot read { $path }: { $why }
deploy-changed-meanwhile = { $path } changed during the deploy: wait for the build to finish, then run gen deploy again

## Transfers
deploy-manifest-unreadable = the target's manifest { $key } cannot be read (it is not a gen deploy manifest); nothing was sent. Delete it to have gen send the whole site again (gen will then no longer delete the files it listed)
deploy-get-failed = cannot read { $key }: { $why }; nothing was sent
deploy-put-failed = cannot send { $key } ({ $attempts } attempts): { $why }
deploy-delete-failed = cannot delete { $key } ({ $attempts } attempts): { $why }
deploy-stopped = deploy stopped: { $failure }.
    Before the stop: { $uploaded } of { $to_upload } files sent, { $deleted } of { $to_delete } deleted. The target keeps its previous manifest: run gen deploy again to finish (it sends and deletes again whatever is missing).
deploy-file-not-a-folder = part of this path in the target folder is a symbolic link or a file where a folder belongs: gen never writes through it
deploy-file-unsafe = this path leads out of the target folder
deploy-http-forbidden = the server refuses access ({ $status }): check the keys and the rights on the bucket
deploy-http-no-bucket = the server knows no such bucket (404)
deploy-http-busy = the server asks to slow down (429)
deploy-http-status = the server answered { $status }
deploy-http-timeout = the server did not answer in time
deploy-http-host-not-found = no server has this name (DNS)
deploy-http-refused = the server refused the connection
deploy-http-cut = the connection was cut
deploy-http-unreachable = the server cannot be reached
deploy-http-tls = the secure connection (TLS) failed
deploy-http-bad-address = the server's address is invalid
deploy-http-bad-answer = the server's answer cannot be understood
deploy-http-key-refused = the server refused to delete it ({ $code })

## The purge command
deploy-purge-list-failed = the site is deployed, but the list of addresses to purge could not be written: { $why }
deploy-purge-not-started = the site is deployed, but the purge command (purge_command) could not be started: { $why }
deploy-purge-failed = the site is deployed, but the purge command (purge_command) failed (exit code { $code }): the CDN may serve old copies until they expire
deploy-purge-killed = the site is deployed, but the purge command (purge_command) was stopped by a signal: the CDN may serve old copies until they expire

## What gen deploy prints
deploy-report = { $uploaded } sent, { $deleted } deleted, { $unchanged } unchanged ({ $megabytes } MB sent) → { $target }
deploy-report-dry = Dry run: nothing was written to { $target }. { $uploaded ->
        [one] { $uploaded } file would be sent
       *[other] { $uploaded } files would be sent
    } ({ $megabytes } MB), { $deleted } deleted, { $unchanged } unchanged.
deploy-report-withdrawn = { $deleted ->
        [one] { $deleted } file deleted
       *[other] { $deleted } files deleted
    }: nothing gen deployed is left at { $target }
deploy-plan-upload = {"  "}send    { $path }
deploy-plan-delete = {"  "}delete  { $path }
deploy-purged = Purge command run ({ $count ->
        [one] { $count } address
       *[other] { $count } addresses
    }).
