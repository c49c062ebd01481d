# Le service de réception des commentaires et les commandes `gen comments` : ce que lisent les exploitants et la rédaction.

## --database
intake-db-sqlite-no-path = `--database sqlite:` demande le chemin d’un fichier, par exemple sqlite:/var/lib/gen/commentaires.sqlite3
intake-db-unknown = base de données inconnue « { $value } » : écrivez sqlite:CHEMIN (par exemple sqlite:/var/lib/gen/commentaires.sqlite3) ou postgres://UTILISATEUR:MOT_DE_PASSE@SERVEUR:PORT/BASE
intake-db-postgres-unreadable = adresse PostgreSQL illisible : { $address } (écrivez postgres://UTILISATEUR:MOT_DE_PASSE@SERVEUR:PORT/BASE)
intake-db-postgres-unreadable-because = adresse PostgreSQL illisible : { $address } ; { $reason } (écrivez postgres://UTILISATEUR:MOT_DE_PASSE@SERVEUR:PORT/BASE)
intake-address-bad-port = son port n’est pas un nombre de 1 à 65535
intake-address-no-host = le nom du serveur manque
intake-address-bad-ipv6 = l’adresse IPv6 entre [ ] n’est pas valide
intake-address-bad-ipv4 = l’adresse IPv4 n’est pas valide
intake-address-options = l’une de ses options (après `?`) est inconnue ou a une valeur incorrecte
intake-address-bad-host = le nom du serveur contient des caractères qu’un nom ne peut pas contenir

## La base de données
intake-db-refused = { $action } impossible sur { $database } : { $reason }
intake-db-create-folder = impossible de créer son dossier { $folder } : { $reason }
intake-db-no-column = la requête n’a pas de colonne { $column }
intake-db-not-a-number = la colonne { $column } contient « { $value } », qui n’est pas un nombre
intake-db-column-type = la colonne { $column } est d’un type que gen ne sait pas lire
intake-db-schema-newer = cette base est au schéma { $version }, plus récent que ceux que connaît cette version de gen ({ $known }) : mettez gen à jour
intake-db-no-client-key = la clé qui sert à masquer les adresses des lecteurs manque dans la base
intake-db-lock = une connexion à la base est inutilisable après une panne ; redémarrez le service
intake-no-randomness = le système n’a pas fourni de nombres aléatoires
intake-db-server-refused = le serveur a refusé la connexion (PostgreSQL est-il démarré, et à l’écoute sur ce port ?)
intake-db-server-timeout = le serveur n’a pas répondu à temps
intake-db-server-lost = la connexion au serveur a été coupée
intake-db-server-unreachable = le serveur est injoignable depuis cette machine (réseau)
intake-db-server-unknown = aucun serveur ne s’appelle { $host } (DNS)
action-intake-db-configure = réglage de la base des commentaires
action-intake-db-connect = connexion à la base des commentaires
action-intake-db-migrate = passage au schéma { $version }
action-intake-db-request = utilisation de la base des commentaires

## gen comments serve
action-intake-listen = écoute
action-intake-read-address = lecture de l’adresse d’écoute
action-intake-start = démarrage du service
action-intake-serve = réception des commentaires
intake-task-failed = une tâche du service s’est arrêtée de façon inattendue
intake-site-reload-failed = le site n’a pas pu être relu (la liste d’articles précédente est conservée) : { $reason }
intake-site-unreadable = le site ne peut pas être lu
intake-site-problems = { $first }{ $others ->
        [0] {""}
        [one] {" "}(et un autre problème)
       *[other] {" "}(et { $others } autres problèmes)
    }
intake-settings-unreadable = les réglages du site ne peuvent plus être lus
intake-notify-no-smtp = `[comments] notify_email` est indiqué, mais aucun serveur d’envoi (SMTP) n’est donné dans GEN_SMTP_URL : aucun courriel ne sera envoyé
intake-notify-from-invalid = `[comments] notify_from` « { $address } » : { $reason }
intake-notify-email-invalid = `[comments] notify_email` « { $address } » : { $reason }
intake-address-missing-parts = une adresse demande un nom, un @ et un domaine
intake-address-unbalanced = un chevron (< ou >) n’est pas refermé
intake-address-bad-user = la partie avant le @ n’est pas valide
intake-address-bad-domain = le domaine après le @ n’est pas valide
intake-address-bad-characters = elle contient des caractères qu’une adresse ne peut pas contenir
intake-email-unwritable = le courriel de notification n’a pas pu être rédigé
intake-smtp-url-invalid = GEN_SMTP_URL n’est pas une adresse smtp:// ou smtps://
intake-email-not-sent = le courriel de notification n’a pas pu être envoyé ({ $reason }) ; il sera renvoyé plus tard
intake-smtp-timeout = le serveur de courrier n’a pas répondu à temps
intake-smtp-tls = la connexion sécurisée au serveur de courrier a échoué
intake-smtp-refused = le serveur de courrier l’a refusé (code { $code })
intake-smtp-bad-answer = la réponse du serveur de courrier est illisible
intake-smtp-connection = impossible de joindre le serveur de courrier
intake-webhook-status = le webhook de modération a répondu HTTP { $status } ; il sera rappelé plus tard
intake-webhook-unreachable = le webhook de modération n’a pas pu être joint ({ $reason }) ; il sera rappelé plus tard

## Requêtes
intake-http-status = HTTP { $status }
intake-http-timeout = pas de réponse en { $seconds } s
intake-http-refused = le serveur a refusé la connexion
intake-http-host-not-found = aucun serveur ne porte ce nom (DNS)
intake-http-connection-lost = la connexion a été coupée
intake-http-connection-failed = impossible de joindre le serveur
intake-http-tls = la connexion sécurisée (HTTPS) a échoué
intake-http-redirects = trop de redirections, ou une redirection qui ne mène nulle part
intake-http-bad-address = l’adresse n’est pas valide
intake-http-bad-answer = la réponse du serveur est illisible
intake-http-too-large = la réponse dépasse { $megabytes } Mo

## gen comments sync --from
intake-export-unreadable = lecture de l’export des commentaires impossible ({ $url }) : { $why }
intake-export-no-token = donnez à GEN_COMMENTS_TOKEN la valeur du jeton d’export du service
intake-export-token-refused = le service a refusé le jeton (vérifiez GEN_COMMENTS_TOKEN)
intake-export-none = le service ne propose pas d’export (démarrez-le avec GEN_COMMENTS_TOKEN défini)
intake-export-cut = la réponse s’arrête avant sa fin
intake-export-not-json = la réponse n’est pas du JSON (illisible ligne { $line }, colonne { $column })
intake-export-not-export = la réponse n’est pas un export de commentaires (ligne { $line }, colonne { $column })

## gen comments import
action-intake-read-export = lecture de l’export
action-intake-read-comments = lecture du fichier de commentaires
intake-import-not-comments-file = { $file } : ce n’est pas un fichier de commentaires du site (`content/articles/<nom>.comments.yaml`, ou `comments.yaml` dans le dossier d’un article)
intake-import-article-unpublished = { $file } : son article { $article } n’est pas publié
intake-import-not-xml = { $file } : ce n’est pas un export XML lisible ({ $reason }) ; donnez un export WordPress (WXR) ou Disqus
intake-import-unknown-format = { $file } : un document <{ $root }> n’est ni un export WordPress (WXR) ni un export Disqus
intake-import-no-email = { $id } : pas d’adresse électronique
intake-import-no-article = { $id } : aucun article du site ne se trouve à l’adresse « { $link } »
intake-import-no-author = { $id } : pas de nom d’auteur utilisable
intake-import-bad-email = { $id } : pas d’adresse électronique valide
intake-import-empty-text = { $id } : texte vide
intake-import-bad-date = { $id } : pas de date valide
intake-xml-dtd = il déclare une DTD (<!DOCTYPE …>), que gen ne lit pas
intake-xml-empty = il ne contient aucun élément XML
intake-xml-unclosed = il s’arrête avant que son dernier élément soit refermé
intake-xml-too-large = il contient trop d’éléments ou d’attributs pour être lu
intake-xml-close-tag = </{ $found }> ligne { $line }, colonne { $column } ferme <{ $expected }>
intake-xml-entity = entité inconnue &{ $name }; ligne { $line }, colonne { $column }
intake-xml-invalid = XML incorrect ligne { $line }, colonne { $column }

## gen comments sync
intake-sync-unpublished = { $article } : cet article n’est plus publié ; ses commentaires approuvés attendent dans la base
intake-sync-not-block-list = { $file } : ce fichier n’est pas écrit en liste de blocs (entrées `- id: …`), { $count ->
        [one] le commentaire approuvé n’a donc pas pu être ajouté
       *[other] les { $count } commentaires approuvés n’ont donc pas pu être ajoutés
    } ; réécrivez-le sous cette forme
