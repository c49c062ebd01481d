# The command line: help of every command (`cli-<path>`) and argument (`cli-<path>--<argument>`,
# with `.value` for the name of its value), headings, and usage errors. In French.

cli = Publie la rubrique politique industrielle en site statique
cli-help-flag = Affiche cette aide
cli-version-flag = Affiche la version de gen
cli-usage-heading = Utilisation :
cli-commands-heading = Commandes 
cli-options-heading = Options 
cli-arguments-heading = Arguments 
cli-command-value = COMMANDE
cli-build = Construit le site dans le dossier de sortie (remplacé seulement si la construction réussit)
cli-build--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-build--output = Où écrire le site [par défaut : <root>/public]
    .value = DOSSIER
cli-build--base_url = Remplace le base_url de site.toml (pour les prévisualisations publiées)
    .value = URL
cli-build--drafts = Inclut les articles et pages marqués `draft: true`
cli-build--timings = Affiche le temps passé dans chaque étape
cli-build--now = L’heure de référence de la construction (RFC 3339 ou une date) : les articles datés après sont programmés et écartés. Par défaut $SOURCE_DATE_EPOCH s’il est défini, sinon l’heure actuelle
    .value = HEURE
cli-build--future = Inclut les articles programmés (datés dans le futur)
cli-build--report = Où écrire le rapport de construction lisible par les machines [par défaut : <root>/.gen-cache/build-report.json]
    .value = FICHIER
cli-build--minify = Réduit le HTML, le CSS et le JavaScript
cli-build--manifest = Écrit le SHA-256 de chaque fichier produit dans FICHIER (format `sha256sum -c`, chemins relatifs à la sortie)
    .value = FICHIER
cli-build--delete_foreign = Supprime les fichiers du dossier de sortie que gen n’a pas écrits (sans cette option, la construction refuse de les remplacer). Les noms que gen conserve (.git, CNAME, .well-known, .nojekyll et [output] keep) ne sont jamais supprimés
cli-serve = Construit le site et le sert sur cette machine pour le prévisualiser (rien n’est écrit dans public/)
cli-serve--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-serve--watch = Reconstruit à chaque modification et recharge les pages ouvertes
cli-serve--port = Le port d’écoute [par défaut : 1111, ou le suivant s’il est pris] ; 0 en choisit un libre
    .value = PORT
cli-serve--bind = L’adresse d’écoute ; celle par défaut garde la prévisualisation sur cette machine
    .value = ADRESSE
cli-serve--drafts = Inclut les articles et pages marqués `draft: true`
cli-serve--future = Inclut les articles programmés (datés dans le futur) dans la prévisualisation
cli-serve--open = Ouvre la prévisualisation dans le navigateur par défaut
cli-comments = Modère les commentaires des lecteurs : liste ceux en attente, en publie ou en refuse un
cli-comments--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-comments--database = La base du service de réception : sqlite:CHEMIN, ou postgres://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT/NOM pour plusieurs instances partageant une base. Avec elle, list, show, approve et reject portent sur les commentaires envoyés par le formulaire du site ; sans elle, sur les fichiers de commentaires. `serve` prend par défaut sqlite:<root>/.gen-comments/comments.sqlite3
    .value = URL
cli-comments-list = Liste les commentaires en attente de modération (par défaut)
cli-comments-approve = Publie un commentaire : ID tel que listé (`<fichier>#<id>`, l’id seul s’il est unique, ou `<fichier>:<ligne>` pour une entrée sans id valable). Une entrée défectueuse est refusée, avec la raison
cli-comments-approve--id = Le commentaire, tel que la liste le nomme
    .value = ID
cli-comments-reject = Refuse un commentaire (n’importe quelle entrée, même défectueuse) : il reste dans son fichier et n’apparaît nulle part. ID comme pour approve
cli-comments-reject--id = Le commentaire, tel que la liste le nomme
    .value = ID
cli-comments-show = Affiche un commentaire de la base en entier, avec son adresse électronique (demande --database)
cli-comments-show--id = Le numéro du commentaire dans la base
    .value = ID
cli-comments-sync = Écrit les commentaires approuvés de la base dans les fichiers de commentaires du site (sans adresse), et masque à nouveau ceux refusés depuis ; à lancer avant `gen build` [base par défaut : sqlite:<root>/.gen-comments/comments.sqlite3]
cli-comments-sync--from = Lit l’export du service à cette adresse au lieu de la base (en intégration continue), avec le jeton de $GEN_COMMENTS_TOKEN
    .value = URL
cli-comments-export = Affiche en JSON tous les commentaires envoyés avec ADRESSE, adresse comprise (demande d’accès d’un lecteur à ses données ; demande --database)
cli-comments-export--email = L’adresse électronique du lecteur
    .value = ADRESSE
cli-comments-erase = Supprime tous les commentaires envoyés avec ADRESSE (à la demande d’un lecteur) ; le `sync` suivant les retire des fichiers du site (demande --database)
cli-comments-erase--email = L’adresse électronique du lecteur
    .value = ADRESSE
cli-comments-import = Importe dans la base les commentaires d’un export WordPress (WXR), Disqus (XML) ou des fichiers de commentaires du site (`….comments.yaml`), chacun rattaché à son article par URL, alias ou fichier, dates et statuts conservés ; relancé, n’ajoute rien deux fois [base par défaut : sqlite:<root>/.gen-comments/comments.sqlite3]
cli-comments-import--files = Les fichiers d’export à lire
    .value = FICHIERS
cli-comments-moderator = Les comptes des modérateurs du bureau /moderation/ du service de réception
cli-comments-moderator-add = Crée un compte : le mot de passe est demandé deux fois dans un terminal, ou lu sur la première ligne de l’entrée standard (12 caractères au moins) ; seule son empreinte Argon2id est conservée
cli-comments-moderator-add--name = Le nom du modérateur (1 à 64 caractères)
    .value = NOM
cli-comments-serve = Lance le service de réception : reçoit par HTTP les commentaires du formulaire des articles et les signalements des lecteurs, les vérifie et les garde en attente dans la base
cli-comments-serve--bind = L’adresse d’écoute (la boucle locale par défaut : placez le proxy inverse du site devant)
    .value = ADRESSE
cli-comments-serve--port = Le port d’écoute ; 0 en choisit un libre
    .value = PORT
cli-comments-serve--behind_proxy = Le service est derrière un proxy inverse sur cette machine : l’adresse d’un client est la dernière de X-Forwarded-For
cli-comments-serve--notify_every = Secondes entre deux notifications des commentaires nouveaux ou signalés ([comments] webhook)
    .value = SECONDES
cli-check = Construit en mémoire (rien n’est écrit) et vérifie liens, images, chapôs et titres
cli-check--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-check--external = Interroge aussi chaque lien externe (en parallèle, avec délai et nouvelles tentatives ; les liens valides sont mémorisés pendant [check] external_cache_hours)
cli-check--base_url = Vérifie le site tel que publié avec cette adresse de base
    .value = URL
cli-check--drafts = Inclut les brouillons
cli-check--now = L’heure de référence (comme pour `gen build`)
    .value = HEURE
cli-new = Commence un article, un pôle, un auteur ou une page à partir de son modèle (jamais par-dessus un fichier)
cli-new--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-new-article = Un article en brouillon, daté de maintenant dans le fuseau du site : content/articles/<slug>.md, le slug tiré du titre. Refusé si le slug est pris ou si un pôle est inconnu
cli-new-article--title = Le titre, entre guillemets : gen new article "Titre de l’article"
    .value = TITRE
cli-new-article--poles = Un pôle dont parle l’article, nommé comme sur sa page (à répéter pour plusieurs)
    .value = NOM
cli-new-article--tags = Un mot-clé (à répéter pour plusieurs)
    .value = NOM
cli-new-article--author = La signature
    .value = NOM
cli-new-article--slug = Le nom du fichier et le segment d’URL, au lieu du slug du titre
    .value = SLUG
cli-new-pole = Une page de pôle, dans le dossier de la taxonomie `poles` (content/poles/<slug>.md)
cli-new-pole--name = Le nom du pôle, tel que les articles le citeront
    .value = NOM
cli-new-author = Une page d’auteur, dans le dossier de la taxonomie des auteurs (content/auteurs/<slug>.md)
cli-new-author--name = Le nom de l’auteur, tel que les signatures l’écrivent
    .value = NOM
cli-new-page = Une page isolée en brouillon : content/pages/<slug>.md, publiée à /<slug>/
cli-new-page--title = Le titre de la page, entre guillemets
    .value = TITRE
cli-init = Commence un nouveau site dans DOSSIER (nouveau ou vide) : réglages, thème par défaut, pôles, et un exemple d’article, d’auteur et de page
cli-init--dir = Le dossier où créer le site ; il ne doit pas exister, ou être vide
    .value = DOSSIER
cli-deploy = Publie le site déjà construit (gen build) vers un seau S3 ou compatible, ou un dossier : n’envoie que les fichiers nouveaux ou modifiés, puis supprime ceux qui ont disparu (seulement ceux que gen a publiés)
cli-deploy--target = La destination : s3://SEAU/PREFIXE (adresse, région et clés dans les variables AWS_*) ou file:///DOSSIER [par défaut : target sous [deploy] dans site.toml]
    .value = URL
cli-deploy--root = Le dossier du site (celui qui contient site.toml)
    .value = DOSSIER
cli-deploy--output = Le dossier construit à publier [par défaut : <root>/public]
    .value = DOSSIER
cli-deploy--dry_run = Affiche ce qui serait envoyé et supprimé, sans rien écrire dans la destination
cli-deploy--withdraw = Retire de la destination tous les fichiers que gen y a publiés (son manifeste les liste), puis le manifeste : l’aperçu d’une demande de fusion fermée, par exemple ; les fichiers que gen n’a pas publiés restent
cli-completions = Affiche le script de complétion d’un shell : `gen completions bash > ~/.local/share/bash-completion/completions/gen`
cli-completions--shell = Le shell : bash, zsh, fish, elvish ou powershell
    .value = SHELL
cli-man = Affiche la page de manuel de gen (roff) : `gen man > ~/.local/share/man/man1/gen.1`

## Usage errors (in place of clap's)
cli-error-line = gen : { $message }
cli-error-unknown-argument = option inconnue « { $arg } »
cli-error-unknown-command = commande inconnue « { $command } »
cli-error-value-not-among = « { $value } » n’est pas une valeur possible pour { $arg } ; valeurs possibles : { $valid }
cli-error-value-missing = { $arg } attend une valeur
cli-error-value = valeur « { $value } » refusée pour { $arg }
cli-error-missing = il manque { $arg }
cli-error-missing-command = il manque la commande à lancer
cli-error-conflict = { $arg } ne peut pas être employé avec { $other }
cli-error-count = nombre de valeurs incorrect pour { $arg }
cli-error-utf8 = la ligne de commande contient des caractères illisibles (pas de l’UTF-8)
cli-error-other = ligne de commande non comprise
cli-error-did-you-mean = vouliez-vous dire « { $near } » ?
cli-error-help = la liste des commandes et options : gen --help (ou gen COMMANDE --help)

## What commands print
cli-internal-error = gen : erreur interne : { $what } ({ $place })
    Il s’agit d’un défaut de gen, pas de votre site. Rien n’a été publié ; merci de le signaler avec la commande lancée.
action-write-manual = écriture de la page de manuel
action-read-password = lecture du mot de passe
cli-built = { $articles ->
        [one] { $articles } article construit
       *[other] { $articles } articles construits
    } : { $pages } pages, { $terms } termes, { $feeds } flux, { $files } fichiers ({ $megabytes } Mo) en { $ms } ms → { $output }
cli-scheduled = { $count ->
        [one] { $count } article programmé écarté ; le prochain est prévu le { $next } (reconstruisez à ce moment-là)
       *[other] { $count } articles programmés écartés ; le prochain est prévu le { $next } (reconstruisez à ce moment-là)
    }
cli-robots-note = note : le site est publié sous un chemin, où les robots ne lisent jamais robots.txt ; ajoutez ces lignes à { $host_file } :
cli-timings = {"  "}lecture { $load } ms, analyse { $parse } ms, modèle { $model } ms, photos { $photos } ms, rendu et écriture des pages { $render } ms, copie et échange { $write } ms
cli-timings-job = {"  "}{ $kind } { $pages } fichiers : rendu { $render } ms, écriture { $write } ms (temps processeur, tous fils confondus)
cli-timings-highlight = {"  "}coloration : { $blocks } blocs de code, { $highlighted } colorés par syntect ({ $cached } depuis le cache), { $cpu } ms de processeur
cli-timings-reused = {"  "}{ $reused } fichiers repris tels quels de la construction précédente (rien de ce dont ils sont faits n’a changé), { $written } écrits
cli-bad-now = --now « { $value } » invalide : { $why } ; écrivez-la par exemple 2015-05-18T12:00:00+02:00
cli-bad-epoch = SOURCE_DATE_EPOCH « { $value } » invalide : il faut un nombre de secondes depuis le 1er janvier 1970
cli-checked = { $articles ->
        [one] { $articles } article vérifié
       *[other] { $articles } articles vérifiés
    }, { $pages } pages, { $images } images
cli-checked-ok = { $summary } : aucun problème trouvé
cli-checked-external = { $summary }, { $external } liens externes : aucun problème trouvé
cli-new-wrote = Fichier écrit : { $path }
cli-new-wrote-draft = Fichier écrit : { $path } (un brouillon)
cli-new-preview = Aperçu : { $url } (avec `{ $command }`)
cli-init-done = Site commencé dans { $dir } : site.toml, le thème par défaut (themes/default/, avec ses modèles), { $poles } pages de pôles, un exemple d’article, une page d’auteur et une page ({ $files } fichiers).
cli-init-next = Ensuite :
    {"  "}cd { $dir } && gen serve
    {"  "}gen new article "Titre de l’article" --pole Moveo
    Réglez base_url dans site.toml avant de publier.

## gen comments
cli-comments-no-date = (sans date valable)
cli-comments-needs-database = `gen comments show`, `export` et `erase` travaillent sur la base du service de réception : ajoutez --database sqlite:CHEMIN
cli-comments-none-pending = Aucun commentaire n’attend de modération.
cli-comments-left-out = {"    "}écarté : { $line }:{ $col } : { $problem }
cli-comments-left-out-help = {"      "}aide : { $help }
cli-comments-pending = { $count ->
        [one] { $count } en attente
       *[other] { $count } en attente
    }. Publiez avec `gen comments approve ID`, refusez avec `gen comments reject ID`.
cli-comments-defective = { $count ->
        [one] { $count } écarté du site tant que son fichier n’est pas corrigé
       *[other] { $count } écartés du site tant que leur fichier n’est pas corrigé
    } (refusez avec `gen comments reject ID`).
cli-comments-approved = { $reference } de { $author } ({ $date }) est publié ; il apparaîtra à la prochaine construction.
cli-comments-already-approved = { $reference } de { $author } ({ $date }) était déjà publié ; rien n’a changé.
cli-comments-rejected = { $reference } de { $author } ({ $date }) est refusé ; il n’apparaîtra nulle part.
cli-comments-already-rejected = { $reference } de { $author } ({ $date }) était déjà refusé ; rien n’a changé.
cli-comments-no-database = aucune base de commentaires à { $path } (vérifiez --database ; `gen comments serve` la crée)
cli-db-none-pending = Aucun commentaire n’attend de modération, et aucun n’a été signalé.
cli-db-line = { $id }  { $status }  { $date }  { $article }  par { $author }{ $reports ->
        [0] {""}
        [one] {" "}· signalé une fois
       *[other] {" "}· signalé { $reports } fois
    }
    {"    "}{ $excerpt }
cli-db-pending = { $count } en attente. Publiez avec `gen comments --database … approve ID`, refusez avec `… reject ID`.
cli-db-show = { $id }
    statut : { $status }
    article : { $article }
    date : { $date }
    auteur : { $author }
    adresse : { $email }
    {""}
    { $text }
cli-db-no-comment = aucun commentaire « { $id } » dans la base
cli-db-no-comment-list = aucun commentaire « { $id } » dans la base (voyez `gen comments --database … list`)
cli-db-erase-none = Aucun commentaire n’a été envoyé avec cette adresse.
cli-db-erased = { $count ->
        [one] { $count } commentaire effacé
       *[other] { $count } commentaires effacés
    } : { $ids }. Lancez `gen comments sync` puis publiez, pour retirer du site ceux qui y figurent.
cli-db-status-now = { $id } est désormais { $status ->
        [approved] publié
        [rejected] refusé
       *[other] { $status }
    }.
cli-db-status-already = { $id } était déjà { $status ->
        [approved] publié
        [rejected] refusé
       *[other] { $status }
    } ; rien n’a changé.
cli-moderator-bad-name = le nom d’un modérateur compte de 1 à 64 caractères, sans caractère de contrôle
cli-moderator-password = Mot de passe de { $name } :{" "}
cli-moderator-again = Encore une fois :{" "}
cli-moderator-differ = les deux mots de passe diffèrent
cli-moderator-short = le mot de passe d’un modérateur compte au moins 12 caractères
cli-moderator-hash = le mot de passe n’a pas pu être chiffré ; réessayez
cli-moderator-added = Modérateur { $name } ajouté ; il se connecte à /moderation/ du service.
cli-moderator-exists = il existe déjà un modérateur nommé « { $name } »
cli-import-skipped = avertissement : { $file } : { $why }
cli-import-done = { $file } : { $added ->
        [one] { $added } importé
       *[other] { $added } importés
    }, { $already ->
        [one] { $already } déjà présent
       *[other] { $already } déjà présents
    }, { $skipped ->
        [one] { $skipped } écarté
       *[other] { $skipped } écartés
    }.
cli-sync-problem = avertissement : { $problem }
cli-sync-added = { $id } ajouté à { $file }
cli-sync-updated = { $id } dans { $file } : désormais { $status ->
        [approved] publié
        [rejected] refusé
       *[other] en attente
    }
cli-sync-removed = { $id }, effacé, retiré de { $file }
cli-sync-done = Synchronisé : { $added ->
        [one] { $added } ajouté
       *[other] { $added } ajoutés
    }, { $updated ->
        [one] { $updated } mis à jour
       *[other] { $updated } mis à jour
    }, { $removed ->
        [one] { $removed } retiré
       *[other] { $removed } retirés
    }.
cli-intake-listening = Réception des commentaires à { $url } (base { $database }) ; arrêt avec Ctrl-C
cli-intake-trouble = avertissement : { $trouble }

## gen serve
cli-serve-port-taken = Le port { $port } est pris ; gen prend le suivant qui est libre.
cli-serve-listening = Aperçu servi à { $url }
cli-serve-listening-watch = Aperçu servi à { $url } (les modifications sont suivies)
cli-serve-stop = Ctrl-C pour arrêter.
cli-serve-no-browser = impossible d’ouvrir un navigateur ; ouvrez l’adresse ci-dessus vous-même
cli-serve-rebuilt = Reconstruit en { $ms } ms : { $written ->
        [one] { $written } fichier écrit
       *[other] { $written } fichiers écrits
    }, { $removed ->
        [one] { $removed } retiré
       *[other] { $removed } retirés
    }
cli-serve-failed = Le site ne se construit pas ; l’aperçu garde la dernière version correcte.
cli-default = {" "}[par défaut : { $value }]
cli-possible = {" "}[valeurs possibles : { $values }]
