# Messages gen shows editors, in English. Each key has its twin in ../fr/; `{ $name }` is a
# value the code gives.

## Diagnostics: `path:line:col: error: message`, then `  help: …`
diag-line = { $location }: { $label }: { $message }
diag-error = error
diag-warning = warning
diag-help = help: { $help }
diag-with-help = { $diagnostic }{"\u000A"}  { $help }
diag-repeated = { $message } ({ $count } times; also at { $places }, …)

## Links to a heading
fragment-missing = #{ $fragment } is not a heading of { $target }
fragment-did-you-mean = did you mean #{ $near }?
fragment-no-headings = the target has no headings to link to
fragment-headings = headings of the target: { $headings }

## Comments files
comments-file-left-out = its comments are left out: { $problem }

## gen new
scaffold-made-from = this file is made from { $archetype }
scaffold-help-and-origin = { $help } ({ $origin })

## Why a command failed
site-errors = { $count ->
    [one] { $count } error found; nothing was written
   *[other] { $count } errors found; nothing was written
}
io-error = cannot { $action } { $path }: { $reason }
database-error = cannot { $action } { $database }: { $detail }

## What the system answered, in our words
io-not-found = no such file or folder
io-permission = permission denied
io-exists = the file already exists
io-not-a-folder = part of the path is a file, not a folder
io-is-a-folder = it is a folder, not a file
io-not-empty = the folder is not empty
io-full = the disk is full
io-read-only = the disk is read-only
io-busy = the file is busy (used by another program)
io-invalid-data = the content cannot be read
io-truncated = the file ends too early
io-other-device = source and destination are on two different disks
io-too-large = the file is too large
io-bad-name = the system does not accept this file name
io-timeout = timed out
io-interrupted = the operation was interrupted
io-os-code = the system refused (error { $code })
io-address-in-use = the address or port is already used by another program
io-address-unavailable = this address does not belong to this machine
io-connection-refused = the connection was refused
io-unknown = the system refused without saying why

## The comments database
action-db-open = open the comments database
action-db-read = read the comments database
action-db-write = write the comments database
