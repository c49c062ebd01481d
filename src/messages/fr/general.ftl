# Messages gen shows editors, in French. Each key has its twin in ../en/; `{ $name }` is a
# value the code gives. French typography: no-break spaces before : ; ! ? and inside « ».

## Diagnostics: `path:line:col: erreur : message`, then `  aide : …`
diag-line = { $location }: { $label } : { $message }
diag-error = erreur
diag-warning = avertissement
diag-help = aide : { $help }
diag-with-help = { $diagnostic }{"\u000A"}  { $help }
diag-repeated = { $message } ({ $count } fois ; aussi à { $places }, …)

## Links to a heading
fragment-missing = #{ $fragment } n’est pas un intertitre de { $target }
fragment-did-you-mean = vouliez-vous dire #{ $near } ?
fragment-no-headings = la page visée n’a aucun intertitre vers lequel pointer
fragment-headings = intertitres de la page visée : { $headings }

## Comments files
comments-file-left-out = ses commentaires sont écartés : { $problem }

## gen new
scaffold-made-from = ce fichier est fait à partir de { $archetype }
scaffold-help-and-origin = { $help } ({ $origin })

## Why a command failed
site-errors = { $count ->
    [one] {$count} erreur trouvée ; rien n’a été écrit
   *[other] { $count } erreurs trouvées ; rien n’a été écrit
}
io-error = { $path } : { $action } impossible ({ $reason })
database-error = { $database } : { $action } impossible ({ $detail })

## What the system answered, in our words
io-not-found = le fichier ou le dossier n’existe pas
io-permission = l’accès est refusé (droits insuffisants)
io-exists = le fichier existe déjà
io-not-a-folder = un élément du chemin est un fichier, pas un dossier
io-is-a-folder = c’est un dossier, pas un fichier
io-not-empty = le dossier n’est pas vide
io-full = le disque est plein
io-read-only = le disque est en lecture seule
io-busy = le fichier est occupé par un autre programme
io-invalid-data = le contenu n’est pas lisible
io-truncated = le fichier s’arrête avant sa fin
io-other-device = la source et la destination sont sur deux disques différents
io-too-large = le fichier est trop grand
io-bad-name = ce nom de fichier n’est pas accepté par le système
io-timeout = le délai d’attente est dépassé
io-interrupted = l’opération a été interrompue
io-os-code = le système a refusé (erreur {$code})
io-address-in-use = l’adresse ou le port est déjà utilisé par un autre programme
io-address-unavailable = cette adresse n’appartient pas à cette machine
io-connection-refused = la connexion a été refusée
io-unknown = le système a refusé sans dire pourquoi

## The comments database
action-db-open = ouverture de la base des commentaires
action-db-read = lecture de la base des commentaires
action-db-write = écriture dans la base des commentaires
