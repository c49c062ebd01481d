# Messages about writing the output, comments, gen new/init, the preview server (write/, comments/, scaffold.rs, serve/), in French.
# French typography: no-break spaces before : ; ! ? and inside « ».

## Writing the output (write/)
write-outside-output = écriture de { $path } refusée : ce chemin sort du dossier de sortie
write-output-is-link = le dossier de sortie { $path } est un lien symbolique ; gen remplacerait le lien au lieu d’écrire là où il mène : indiquez directement le dossier vers lequel il pointe
write-output-is-file = le dossier de sortie { $path } est un fichier, pas un dossier
write-output-holds-site = le dossier de sortie { $path } contient le site lui-même
write-output-in-sources = le dossier de sortie { $path } fait partie des sources du site
write-output-looks-like-site = le dossier de sortie { $path } ressemble à un site, pas au résultat d’une compilation

## What gen owns, and refuses to destroy (write/)
own-foreign-files = le dossier de sortie { $output } contient des fichiers que gen n’a pas écrits ({ $names }{ $more ->
        [0] {""}
        [one] {" "}et { $more } autre
       *[other] {" "}et { $more } autres
    }) ; remplacer le dossier les effacerait. Déplacez-les ailleurs, choisissez un autre dossier avec --output, inscrivez leurs noms sous [output] keep dans site.toml pour les garder à chaque compilation, ou ajoutez --delete-foreign pour les effacer.{ $marker ->
        [yes] {""}
       *[no] {" "}S’il s’agit de la sortie d’une version de gen plus ancienne que celle-ci, supprimez le dossier une fois pour toutes.
    }
own-kept-overwritten = { $path } n’a pas été écrit par gen, et cette compilation écrirait { $page } à sa place ; gen ne remplace jamais { $name } : retirez l’un des deux (un fichier statique nommé { $name } est publié à la place quand la sortie n’en contient pas)
own-left-alone = laissé tel quel : { $why } ; gen n’écrit jamais dans un dossier qu’il n’a pas créé, ne le vide pas et ne le supprime pas
own-left-alone-help = supprimez-le vous-même s’il ne sert à rien (il a peut-être été ajouté au dépôt par erreur)
own-unreadable = il est illisible ({ $reason })
own-symlink = c’est un lien symbolique
own-not-a-folder = ce n’est pas un dossier
own-other-user = il appartient à un autre utilisateur
own-no-marker = il ne contient pas de fichier { $marker } : ce n’est pas gen qui l’a créé
own-holds-kept = il contient un fichier que le dossier de sortie possède aussi, et que gen ne supprime jamais

## What gen was doing when the system refused (composed as « { action } impossible ({ path }) : { reason } »)
action-create-output-parent = création du dossier qui contient la sortie
action-create-staging-folder = création du dossier de préparation
action-write-file = écriture du fichier
action-read-file = lecture du fichier
action-replace = remplacement
action-replace-file = remplacement du fichier
action-replace-folder = remplacement du dossier
action-create-folder = création du dossier
action-carry-over = transfert vers le nouveau site
action-move-new-site = mise en place du nouveau site
action-move-previous-output = mise de côté de l’ancien site

## Comments files: each entry checked, field by field (comments/)
comments-entry-left-out = ce commentaire est écarté : { $problem }
comments-not-yaml = ce fichier de commentaires n’est pas du YAML valide ({ $problem }) ; aucun de ses commentaires n’est publié
comments-not-yaml-help = corrigez le YAML à cet endroit (une valeur qui contient `: `, `#` ou un guillemet doit être mise entre guillemets) ; d’ici là, `gen comments` ne peut pas modifier le fichier
comments-second-document = ce fichier de commentaires contient un second document YAML : il est ignoré
comments-second-document-help = supprimez la ligne `---` : un fichier de commentaires est une seule liste de commentaires
comments-not-a-list = ce fichier de commentaires est { $kind }, pas une liste de commentaires ; aucun de ses commentaires n’est publié
comments-not-a-list-help = chaque commentaire commence par `- ` en début de ligne : `- id: …`, puis `  author: …`
comments-duplicate-id = le commentaire de la ligne { $first } a déjà l’identifiant « { $id } »
comments-duplicate-id-help = donnez à chaque commentaire son propre identifiant (un commentaire envoyé deux fois reçoit le même identifiant calculé : refusez cette copie)
comments-entry-not-a-comment = cette entrée est { $kind }, pas un commentaire
comments-entry-not-a-comment-help = un commentaire est une suite de lignes `clé: valeur` : id, author, email, date, text, status (et source)
comments-missing-field = le commentaire n’a pas de `{ $name }`
comments-key-not-a-name = cette clé est { $kind }, pas un nom
comments-key-not-a-name-help = un commentaire a les clés id, author, email, date, text et status
comments-key-twice = `{ $name }` est écrit deux fois (la première fois à la ligne { $first })
comments-key-twice-help = n’en gardez qu’un
comments-unknown-key = clé inconnue « { $key } »
comments-unknown-key-near = vouliez-vous dire `{ $near }` ? Un commentaire a les clés : { $fields }
comments-unknown-key-help = un commentaire a les clés : { $fields }
comments-field-tagged = `{ $name }` porte l’étiquette YAML { $tag } ; écrivez la valeur sans elle
comments-field-alias = `{ $name }` est un alias YAML (`*nom`) ; les alias ne sont pas lus dans les commentaires
comments-field-list = `{ $name }` est une liste, pas du texte
comments-field-mapping = `{ $name }` est un ensemble de clés, pas du texte
comments-field-not-text-help = écrivez la valeur en texte simple sur sa ligne (entre guillemets si elle contient `: ` ou `#`)
comments-author-empty = le nom de l’auteur du commentaire est vide
comments-author-help = écrivez le nom que l’auteur du commentaire a donné
comments-source-invalid = `source` ne peut valoir que `service`
comments-source-invalid-help = supprimez la ligne, ou écrivez `source: service` pour un commentaire repris du service de réception des commentaires
comments-email-invalid = l’adresse électronique de l’auteur du commentaire n’est pas valide
comments-email-invalid-help = vérifiez le champ `email`
comments-email-empty = l’adresse électronique de l’auteur du commentaire est vide
comments-email-kept-help = chaque commentaire garde l’adresse avec laquelle il a été envoyé (elle n’est jamais publiée)
comments-date-invalid = date « { $value } » invalide : { $problem }
comments-date-help = écrivez-la 2015-05-18T12:53:00+02:00
comments-date-empty = la date du commentaire est vide
comments-date-missing-help = indiquez quand il a été envoyé, sous la forme 2015-05-18T12:53:00+02:00
comments-text-missing-help = écrivez le texte du commentaire sous `text: |`
comments-text-empty = le texte du commentaire est vide
comments-text-empty-help = un commentaire sans texte n’a rien à publier : refusez-le
comments-status-unknown = statut « { $value } » inconnu
comments-status-help = écrivez pending (en attente), approved (approuvé) ou rejected (refusé)
comments-id-invalid = identifiant de commentaire « { $value } » invalide
comments-id-help = utilisez des lettres minuscules, des chiffres et des tirets
comments-author-is-address = le nom de l’auteur ressemble à une adresse électronique, qui serait publiée
comments-author-is-address-help = demandez à l’auteur du commentaire un nom à afficher, ou remplacez `author` par un tel nom dans le fichier

## What a YAML value is, in the messages above
comments-kind-value = une valeur unique
comments-kind-alias = un alias YAML
comments-kind-list = une liste
comments-kind-mapping = un ensemble de clés

## Why a comments file is not valid YAML (the parser's reasons, in our words)
comments-yaml-tab = une tabulation est employée là où YAML n’accepte que des espaces
comments-yaml-unclosed-quote = une valeur entre guillemets n’est pas refermée
comments-yaml-escape = une valeur entre guillemets doubles contient un échappement inconnu (`\…`)
comments-yaml-colon = une valeur contient `: ` sans guillemets, ou une ligne est plus en retrait que les autres lignes de son entrée
comments-yaml-brackets = un `[` ou un `{"{"}` n’est pas refermé, ou une virgule manque entre deux valeurs
comments-yaml-anchor = un alias (`*nom`) ne désigne aucune ancre, ou une ancre (`&nom`) est définie deux fois
comments-yaml-indentation = une ligne n’a pas le même retrait que les autres lignes de son entrée
comments-yaml-control = le fichier contient un caractère de contrôle invisible
comments-yaml-tag = une étiquette YAML (`!…`) est mal écrite
comments-yaml-directive = une ligne de directive `%` n’est pas valide
comments-yaml-too-deep = les valeurs sont imbriquées trop profondément
comments-yaml-unbalanced = une liste ou un ensemble de clés est refermé sans avoir été ouvert
comments-yaml-syntax = la syntaxe YAML n’est pas valide à cet endroit

## gen comments: the queue and the moderation edits (comments/moderate.rs)
moderate-unreadable = impossible de lire ce fichier de commentaires : { $reason }
moderate-unreadable-help = vérifiez ses droits d’accès
moderate-too-large = ce fichier de commentaires dépasse { $megabytes } Mo ; il n’est pas lu
moderate-too-large-help = déplacez les anciens commentaires dans un autre fichier ou supprimez-les
moderate-not-utf8 = ce n’est pas un fichier texte UTF-8
moderate-author = { $name }
moderate-author-hidden = [auteur masqué : son nom ressemble à une adresse électronique]
moderate-no-author = [sans auteur]
moderate-ambiguous = « { $reference } » désigne plusieurs commentaires ; utilisez l’une de ces références : { $references }
moderate-no-such-comment = aucun commentaire « { $reference } » ; `gen comments` liste ceux qui attendent une décision
moderate-no-such-comment-unreadable = { $message }{"\u000A"}ces fichiers de commentaires sont illisibles, leurs commentaires ne peuvent donc pas être désignés ; corrigez-les à la main :{ $problems }
moderate-cannot-approve = impossible d’approuver { $reference } : il ne peut pas être publié tel qu’il est écrit :{ $problems }{"\u000A"}corrigez ces points dans le fichier (puis approuvez-le de nouveau), ou refusez-le avec `gen comments reject { $reference }`
moderate-unsafe-edit = impossible de changer sans risque le statut de { $reference } : { $why } ; modifiez { $place } à la main
moderate-file-changed = { $path } a changé pendant la modification (un nouveau commentaire ?) ; rien n’a été écrit : relancez la commande
# Problems listed in a message, one per line: each line starts with a line break.
moderate-line = {"\u000A"}{ $line }{ $rest }
moderate-lines-end = {""}
moderate-edit-not-yaml = le fichier n’est pas du YAML valide à la ligne { $line }, colonne { $col } ({ $problem })
moderate-edit-no-entry = le fichier n’a pas d’entrée numéro { $number }
moderate-edit-not-a-mapping = l’entrée n’est pas une suite de lignes `clé: valeur`
moderate-edit-status-not-in-place = son `status` est écrit d’une façon qui ne peut pas être modifiée sur place
moderate-edit-status-nested = son `status` contient une liste ou des clés imbriquées
moderate-edit-breaks-yaml = la modification rendrait le YAML du fichier invalide à la ligne { $line }, colonne { $col }
moderate-edit-changes-more = la modification changerait autre chose que le statut
moderate-edit-no-key = l’entrée n’a aucune clé
moderate-edit-keys-not-one-per-line = les clés de l’entrée ne sont pas écrites une par ligne
action-read-comments-file = lecture du fichier de commentaires
action-write-temporary-file-in = écriture d’un fichier temporaire

## gen new and gen init (scaffold.rs)
new-no-archetype = gen n’a pas de modèle nommé « { $name } »
new-no-placeholder-for-flag = { $flag } a été donné, mais { $archetype } n’a pas d’emplacement `{"{{"} { $key } {"}}"}` où le mettre
new-title-empty = le titre est vide
new-name-empty = le nom est vide
new-title-no-letters = le titre « { $text } » ne contient aucune lettre ni aucun chiffre dont tirer un nom de fichier
new-name-no-letters = le nom « { $text } » ne contient aucune lettre ni aucun chiffre dont tirer un nom de fichier
new-bad-slug = --slug « { $slug } » n’est pas un slug valide : utilisez des lettres minuscules, des chiffres et des tirets simples, par exemple « { $example } »
new-no-taxonomy = site.toml ne déclare pas de taxonomie `{ $taxonomy }` : il n’y a pas de dossier pour cette page
new-flag-without-taxonomy = { $flag } a été donné, mais site.toml ne déclare pas de taxonomie `{ $key }`
new-exists = { $path } existe déjà
new-folder-taken = le dossier { $folder }/ contient déjà un article
new-slug-taken = { $path } est déjà publié à l’adresse /articles/{ $slug }/
new-taken = { $why } ; rien n’a été écrit
new-taken-article = { $why } ; choisissez un autre titre, ou un autre slug avec --slug ; rien n’a été écrit
new-placeholder-unclosed = emplacement non refermé
new-placeholder-unclosed-help = écrivez chaque emplacement sur une seule ligne, comme `{"{{"} title {"}}"}`
new-placeholder-unknown = emplacement inconnu `{ $name }`
new-placeholder-did-you-mean = vouliez-vous dire `{ $near }` ?
new-placeholder-known = ce modèle peut utiliser : { $known }
init-not-empty = { $path } n’est pas vide : gen init ne crée un site que dans un dossier nouveau ou vide ; rien n’a été écrit
action-read-archetype = lecture du modèle
action-make-folder = création du dossier
action-create-file = création du fichier
action-read-folder = lecture du dossier

## gen serve: the server and its watcher (serve/)
serve-cannot-listen = impossible d’écouter sur { $address } : { $reason } ; choisissez un autre port avec --port (ou --port 0 pour n’importe quel port libre)
serve-port-in-use = un autre programme utilise déjà ce port
serve-address-not-here = cette adresse n’est pas l’une de celles de cet ordinateur
serve-port-reserved = ce port est réservé à l’administrateur du système
serve-ports-taken = les ports { $first } à { $last } sont tous occupés sur { $address } ; choisissez-en un avec --port
watch-cannot-start = impossible de surveiller le site : { $reason }
watch-cannot-watch = impossible de surveiller { $path } : { $reason }
watch-trouble = surveillance des fichiers : { $reason }
watch-too-many = le système a atteint sa limite de fichiers surveillés (sous Linux, augmentez fs.inotify.max_user_watches)
watch-not-watched = le dossier n’était pas surveillé
watch-invalid-settings = les réglages de la surveillance des fichiers ne sont pas valides
watch-failed = la surveillance des fichiers par le système a échoué sans dire pourquoi
watch-died = la surveillance des fichiers s’est arrêtée après une erreur interne (un défaut de gen) ; la prévisualisation a été fermée
action-start-server = démarrage du serveur
action-read-listening-address = lecture de l’adresse d’écoute
action-listen = écoute
action-serve = envoi des pages

## The preview: its folder, its error overlay, its own pages (serve/)
preview-cannot-remove = impossible de supprimer le dossier de prévisualisation { $path } : { $reason }
preview-cannot-remove-stale = impossible de supprimer l’ancien dossier de prévisualisation { $path } : { $reason }
preview-overlay-title = { $count ->
    [one] La prévisualisation n’a pas pu être reconstruite ({ $count } erreur)
   *[other] La prévisualisation n’a pas pu être reconstruite ({ $count } erreurs)
}
preview-overlay-note = La page affichée est la dernière version valide. Corrigez le fichier : elle se mettra à jour seule.
preview-overlay-help = aide :
preview-not-found-title = Page introuvable
preview-not-found-text = Cette page n’existe pas (encore) dans la prévisualisation.
preview-redirect-refused = Page introuvable : cette adresse ne mène à aucune page de la prévisualisation.
action-create-preview-folder = création du dossier de prévisualisation
action-write-preview-marker = écriture du marqueur du dossier de prévisualisation
