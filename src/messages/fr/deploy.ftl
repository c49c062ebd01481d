# Messages of gen deploy (deploy/, and its [deploy] settings in site.toml), in French.
# French typography: no-break spaces before : and inside « », narrow ones before ; ! ?

## [deploy] in site.toml
config-deploy-target-help = écrivez par exemple target = "s3://mon-seau/industrie/" ou target = "file:///srv/www/industrie"
config-deploy-bad-header = { $key } « { $value } » ne peut pas être envoyé comme en-tête Cache-Control
config-deploy-bad-header-help = écrivez une valeur Cache-Control sur une ligne, en caractères ASCII, par exemple "public, max-age=86400"

## The target
deploy-no-target = aucune destination : indiquez --target s3://SEAU/PREFIXE ou --target file:///DOSSIER, ou réglez target sous [deploy] dans site.toml
deploy-target-invalid = « { $value } » n’est pas une destination de gen deploy : { $why }
deploy-target-why-scheme = elle doit commencer par s3:// (un seau S3 ou compatible) ou file:// (un dossier)
deploy-target-why-query = elle ne peut contenir ni « ? » ni « # »
deploy-target-why-bucket = le nom du seau doit suivre s3://, par exemple s3://mon-seau/industrie/
deploy-target-why-prefix = le préfixe après le nom du seau ne peut contenir ni « . » ni « .. » comme segment
deploy-target-why-file = file:// doit être suivi d’un chemin absolu, par exemple file:///srv/www/industrie
deploy-target-credentials = l’adresse de destination contient un nom d’utilisateur ou un mot de passe : retirez-les, et placez les clés dans les variables d’environnement AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY
deploy-no-credentials = pour publier dans s3://{ $bucket }, définissez les variables d’environnement AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (et AWS_SESSION_TOKEN pour des clés temporaires)
deploy-bad-endpoint = { $variable } ne donne pas l’adresse http:// ou https:// d’un serveur S3
deploy-bad-bucket = le nom de seau « { $bucket } » ne peut pas servir dans l’adresse d’un serveur ; pour un hébergeur compatible S3, indiquez son adresse dans AWS_ENDPOINT_URL

## The output
deploy-no-output = { $path } n’existe pas : construisez d’abord le site avec gen build (ou indiquez le dossier construit avec --output)
deploy-not-gen-output = { $path } n’est pas un dossier construit par gen (il n’y a pas de fichier { $marker }) ; construisez le site avec gen build, ou indiquez le dossier construit avec --output
deploy-bad-name = le nom de { $path } n’est pas du texte UTF-8 : renommez ce fichier pour le publier
deploy-read-failed = lecture de { $path } impossible : { $why }
deploy-changed-meanwhile = { $path } a changé pendant la publication : attendez la fin de la construction, puis relancez gen deploy

## Transfers
deploy-manifest-unreadable = le manifeste { $key } de la destination est illisible (ce n’est pas un manifeste de gen deploy) ; rien n’a été envoyé. Supprimez-le pour que gen envoie de nouveau tout le site (les fichiers qu’il listait ne seront alors plus supprimés par gen)
deploy-get-failed = lecture de { $key } impossible : { $why } ; rien n’a été envoyé
deploy-put-failed = envoi de { $key } impossible ({ $attempts } tentatives) : { $why }
deploy-delete-failed = suppression de { $key } impossible ({ $attempts } tentatives) : { $why }
deploy-stopped = publication interrompue : { $failure }.
    Avant l’arrêt : { $uploaded } fichiers envoyés sur { $to_upload }, { $deleted } supprimés sur { $to_delete }. La destination garde son ancien manifeste : relancez gen deploy pour terminer (il enverra et supprimera de nouveau ce qui manque).
deploy-file-not-a-folder = un élément de ce chemin, dans le dossier de destination, est un lien symbolique ou un fichier là où il faut un dossier : gen n’écrit jamais à travers
deploy-file-unsafe = ce chemin sort du dossier de destination
deploy-http-forbidden = le serveur refuse l’accès ({ $status }) : vérifiez les clés et les droits sur le seau
deploy-http-no-bucket = le serveur ne connaît pas ce seau (404)
deploy-http-busy = le serveur demande de ralentir (429)
deploy-http-status = le serveur a répondu { $status }
deploy-http-timeout = le serveur n’a pas répondu à temps
deploy-http-host-not-found = aucun serveur ne porte ce nom (DNS)
deploy-http-refused = le serveur a refusé la connexion
deploy-http-cut = la connexion a été coupée
deploy-http-unreachable = le serveur est injoignable
deploy-http-tls = la connexion sécurisée (TLS) a échoué
deploy-http-bad-address = l’adresse du serveur est invalide
deploy-http-bad-answer = la réponse du serveur est incompréhensible
deploy-http-key-refused = le serveur refuse de le supprimer ({ $code })

## The purge command
deploy-purge-list-failed = le site est publié, mais la liste des adresses à purger n’a pas pu être écrite : { $why }
deploy-purge-not-started = le site est publié, mais la commande de purge (purge_command) n’a pas pu être lancée : { $why }
deploy-purge-failed = le site est publié, mais la commande de purge (purge_command) a échoué (code de sortie { $code }) : le CDN peut servir d’anciennes copies jusqu’à leur expiration
deploy-purge-killed = le site est publié, mais la commande de purge (purge_command) a été arrêtée par un signal : le CDN peut servir d’anciennes copies jusqu’à leur expiration

## What gen deploy prints
deploy-report = { $uploaded ->
        [one] { $uploaded } envoyé
       *[other] { $uploaded } envoyés
    }, { $deleted ->
        [one] { $deleted } supprimé
       *[other] { $deleted } supprimés
    }, { $unchanged ->
        [one] { $unchanged } inchangé
       *[other] { $unchanged } inchangés
    } ({ $megabytes } Mo envoyés) → { $target }
deploy-report-dry = Essai à blanc : rien n’a été écrit dans { $target }. { $uploaded ->
        [one] { $uploaded } fichier serait envoyé
       *[other] { $uploaded } fichiers seraient envoyés
    } ({ $megabytes } Mo), { $deleted ->
        [one] { $deleted } supprimé
       *[other] { $deleted } supprimés
    }, { $unchanged ->
        [one] { $unchanged } inchangé
       *[other] { $unchanged } inchangés
    }.
deploy-report-withdrawn = { $deleted ->
        [one] { $deleted } fichier supprimé
       *[other] { $deleted } fichiers supprimés
    } : il ne reste rien de ce que gen a publié dans { $target }
deploy-plan-upload = {"  "}envoyer    { $path }
deploy-plan-delete = {"  "}supprimer  { $path }
deploy-purged = Commande de purge lancée ({ $count ->
        [one] { $count } adresse
       *[other] { $count } adresses
    }).
