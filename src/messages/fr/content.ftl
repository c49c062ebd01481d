# Messages about site.toml, dates, reading and parsing the site (config.rs, dates.rs, load.rs, parse/), in French.

## Dates (dates.rs) : chaque refus dans nos mots, champ par champ

-date-time-help = écrivez l’heure 12:53 ou 12:53:00, après un `T` ou une espace
-date-offset-help = écrivez le décalage horaire +02:00 (heure d’été à Paris) ou +01:00 (heure d’hiver), ou terminez par Z pour l’heure universelle (UTC)
date-not-year-month-day = ce n’est pas écrit sous la forme année-mois-jour
date-not-in-time-zone = cette heure n’existe pas dans le fuseau horaire du site
date-unreadable = cette date est illisible ; écrivez-la 2015-05-18 ou 2015-05-18T12:53:00+02:00
date-unexpected-after-date = « { $text } » inattendu après la date ; { -date-time-help }
date-no-such-month = il n’y a pas de mois { $month } : les mois vont de 01 à 12
date-no-such-day = { $month ->
        [1] janvier
        [2] février
        [3] mars
        [4] avril
        [5] mai
        [6] juin
        [7] juillet
        [8] août
        [9] septembre
        [10] octobre
        [11] novembre
       *[12] décembre
    } { $year } compte { $days } jours : il n’y a pas de jour { $day }
date-not-a-time-of-day = « { $text } » n’est pas une heure ; { -date-time-help }
date-no-such-hour = il n’y a pas d’heure { $hour } : les heures vont de 00 à 23
date-no-such-minute = il n’y a pas de minute { $minute } : les minutes vont de 00 à 59
date-no-such-second = « { $second } » n’est pas un nombre de secondes : les secondes vont de 00 à 59
date-unexpected-after-time = « { $text } » inattendu après l’heure ; { -date-offset-help }
date-not-an-offset = « { $text } » n’est pas un décalage horaire ; { -date-offset-help }
date-offset-out-of-range = aucun fuseau horaire n’a le décalage { $offset } (ils vont de -12:00 à +14:00) ; { -date-offset-help }

## site.toml (config.rs) : les valeurs

config-invalid-base-url = l’adresse `base_url` « { $value } » n’est pas valable : { $why }
config-base-url-help = écrivez l’adresse complète du site, en http(s), par exemple « https://example.org/industrie/ »
config-unknown-time-zone = fuseau horaire inconnu : « { $value } »
config-time-zone-help = écrivez le nom d’un fuseau horaire de la liste IANA, par exemple « Europe/Paris »
config-at-least-one = `{ $key }` doit valoir au moins 1
config-at-least-one-help = écrivez par exemple `{ $key } = 20`
config-unknown-highlight-theme = thème de coloration du code inconnu : « { $value } »
config-did-you-mean-value = vouliez-vous dire « { $value } » ?
config-highlight-theme-choices = choisissez l’un de ces thèmes : { $themes }
config-unknown-typography = réglage de typographie inconnu : « { $value } »
config-typography-help = écrivez `typography = "fr"` (règles typographiques françaises) ou `typography = "none"` (aucune règle)
config-invalid-publisher-url = l’adresse `url` de `[publisher]`, « { $value } », n’est pas valable : { $why }
config-absolute-url-help = écrivez une adresse complète en http(s), par exemple « https://example.org/ »
config-invalid-image-widths = largeurs d’images `widths` non valables : { $value }
config-image-widths-help = écrivez de 1 à 12 largeurs en pixels, chacune entre 16 et 8000, par exemple [480, 960, 1440, 2400]
config-invalid-image-quality = qualité d’image `quality` non valable : { $value }
config-image-quality-help = écrivez un nombre entre 1 et 100 (82 par défaut)
config-invalid-image-max-pixels = limite `max_pixels` de `[images]` non valable : { $value }
config-image-max-pixels-help = écrivez un nombre de pixels d’au moins 1000000 (80000000 par défaut)
config-invalid-comments-text = `{ $key }` de `[comments]` n’est pas valable : « { $value } »
config-invalid-comments-number = `{ $key }` de `[comments]` n’est pas valable : { $value }
config-invalid-comments-endpoint = l’adresse `endpoint` de `[comments]`, « { $value } », n’est pas valable : { $why }
config-report-url-help = écrivez une adresse complète en http(s) qui contient {"{id}"} (et, si vous le souhaitez, {"{url}"}), par exemple « https://example.org/signaler?commentaire={"{id}"}&page={"{url}"} »
config-report-email-help = écrivez une adresse électronique, par exemple « moderation@example.org »
config-close-after-days-help = écrivez un nombre de jours entre 1 et 36500, ou supprimez la ligne pour laisser les commentaires ouverts
config-purge-after-days-help = écrivez un nombre de jours entre 1 et 36500, ou supprimez la ligne pour conserver les commentaires en attente et refusés
config-webhook-help = écrivez une adresse en https (http seulement sur cette machine), par exemple « https://chat.example.org/hooks/moderation »
config-invalid-notify-email = { $count ->
        [one] adresse non valable
       *[other] adresses non valables
    } dans `notify_email` de `[comments]` : { $addresses }
config-notify-email-help = écrivez une liste d’adresses électroniques, par exemple ["moderation@journal.example"]
config-notify-from-help = écrivez l’adresse de l’expéditeur, par exemple « Commentaires <commentaires@journal.example> »
config-endpoint-help = écrivez l’adresse publique en https de `gen comments serve`, par exemple « https://commentaires.example.org/ »
config-url-has-query-or-fragment = elle contient une requête (?…) ou un fragment (#…)
config-comments-need-https = les commentaires des lecteurs doivent circuler en https
config-invalid-theme = nom de thème `theme` non valable : « { $value } »
config-theme-help = donnez le nom d’un dossier de themes/, par exemple « default »
config-invalid-keep-name = nom non valable dans `keep` de `[output]` : « { $value } »
config-keep-help = écrivez des noms de fichiers ou de dossiers situés à la racine du dossier de sortie, comme « data.db » ou « .htaccess »
config-quoted = « { $value } »
config-quoted-then = « { $value } », { $rest }

## site.toml : les taxonomies

config-taxonomy-paginate-help = supprimez-la pour reprendre la valeur du site
config-taxonomy-name-not-a-key = le nom de taxonomie « { $name } » ne peut pas servir de clé d’en-tête
config-taxonomy-name-help = utilisez des minuscules non accentuées, des chiffres et `_`, par exemple « regions »
config-taxonomy-name-reserved = le nom de taxonomie « { $name } » est déjà une clé de l’en-tête des articles
config-taxonomy-name-reserved-help = choisissez un autre nom
config-taxonomy-declared-twice = la taxonomie « { $name } » est déclarée deux fois
config-taxonomy-declared-twice-help = supprimez l’une des deux déclarations
config-taxonomy-path-not-a-segment = le chemin de taxonomie « { $path } » n’est pas un simple élément d’adresse
config-taxonomy-path-help = utilisez des minuscules non accentuées, des chiffres et des tirets, par exemple « { $example } »
config-taxonomy-path-shared = les taxonomies « { $first } » et « { $second } » utilisent toutes deux le chemin « { $path } »
config-taxonomy-path-shared-help = donnez à chaque taxonomie son propre `path`
config-taxonomy-path-reserved = le chemin de taxonomie « { $path } » est déjà utilisé par le site lui-même
config-taxonomy-path-reserved-help = choisissez un autre `path`

## Adresses (base_url, --base-url, publisher, endpoint des commentaires) : pourquoi l'une est refusée

config-url-not-absolute = ce n’est pas une adresse complète : elle doit commencer par https:// (ou http://)
config-url-no-host = il y manque le nom du site (le domaine)
config-url-bad-port = son numéro de port n’est pas valable
config-url-bad-ip = son adresse IP n’est pas valable
config-url-bad-domain = son nom de domaine contient un caractère interdit
config-url-invalid = ce n’est pas une adresse web valable
config-url-scheme = l’adresse doit commencer par http:// ou https://, pas par « { $scheme } »
config-url-query-or-fragment = elle ne doit contenir ni requête (?…) ni fragment (#…)
config-url-credentials = elle ne doit contenir ni nom d’utilisateur ni mot de passe

## site.toml illisible (syntaxe TOML, clés inconnues, types de valeur)

config-unknown-key = site.toml : clé inconnue `{ $key }`
config-did-you-mean-key = vouliez-vous dire `{ $key }` ?
config-unknown-key-help = supprimez cette clé ; README.md liste les clés que site.toml accepte
config-missing-key = site.toml : il manque la clé `{ $key }`
config-missing-key-help = ajoutez la clé manquante ; README.md donne un exemple de site.toml
config-subject-key = `{ $key }`
config-subject-value = cette valeur
config-wrong-type = site.toml : { $subject } doit être { $expected }, pas { $found }
config-wrong-type-help = vérifiez le type de la valeur : le texte s’écrit entre guillemets, les nombres sans guillemets
config-number-negative = site.toml : { $subject } ne peut pas être négatif ({ $value })
config-number-negative-help = écrivez un nombre entier sans signe, par exemple 20
config-number-too-large = site.toml : { $subject } est trop grand ({ $value })
config-number-too-large-help = écrivez un nombre entier plus petit
config-kind-whole-number = un nombre entier
config-kind-number = un nombre
config-kind-decimal = un nombre décimal
config-kind-boolean = true ou false
config-kind-text = du texte
config-kind-list = une liste
config-kind-table = une table
config-kind-date = une date
config-kind-other = une valeur d’un autre type
config-duplicate-key = site.toml : `{ $key }` apparaît deux fois
config-duplicate-key-help = n’en gardez qu’un : une clé ou une [section] ne peut figurer qu’une fois
config-syntax-unclosed-quote = site.toml : ce guillemet n’est jamais refermé
config-syntax-unclosed-quote-help = refermez le texte avec le même guillemet, sur la même ligne
config-syntax-bare-value = site.toml : cette valeur est illisible
config-syntax-bare-value-help = le texte s’écrit entre guillemets droits ("comme ceci") ; true et false en minuscules ; les nombres sans guillemets
config-syntax-key-value = site.toml : une ligne doit avoir la forme `clé = valeur`
config-syntax-key-value-help = écrivez la clé, un signe `=`, puis une seule valeur
config-syntax-unclosed-header = site.toml : ce nom de section n’est pas refermé par `]`
config-syntax-unclosed-header-help = écrivez le nom de la section entre crochets, par exemple [comments]
config-syntax-list = site.toml : cette liste est mal écrite
config-syntax-list-help = écrivez les éléments entre [ et ], séparés par des virgules, par exemple [480, 960]
config-syntax-inline-table = site.toml : cette table entre accolades est mal écrite
config-syntax-inline-table-help = écrivez des paires `clé = valeur` entre {"{"} et {"}"}, séparées par des virgules, sur une seule ligne
config-syntax-escape = site.toml : entre guillemets, une barre oblique inverse (\) doit commencer un échappement comme \n
config-syntax-escape-help = écrivez \\ pour obtenir une barre oblique inverse, ou mettez le texte entre apostrophes droites
config-syntax-key = site.toml : cette clé est illisible
config-syntax-key-help = écrivez les clés avec des lettres non accentuées, des chiffres, `_` et `-`, ou mettez-les entre guillemets
config-syntax-extra-text = site.toml : texte inattendu après la valeur
config-syntax-extra-text-help = écrivez une seule paire `clé = valeur` par ligne ; un commentaire commence par #
config-syntax-number = site.toml : ce nombre est mal écrit
config-syntax-number-help = écrivez les nombres avec des chiffres seulement, par exemple 20
config-syntax = site.toml : syntaxe TOML invalide à cet endroit
config-syntax-help = corrigez la syntaxe TOML à cet endroit ; README.md donne un exemple de site.toml

## Lecture des fichiers du site (load.rs)

# Ce que faisait gen quand le système a refusé : « { $action } impossible ({ $path }) : … »
load-action-read-site-folder = lecture du dossier du site
load-action-read-config = lecture de la configuration
load-action-read-folder = lecture d’un dossier
load-theme-link-outside = le dossier du thème est un lien symbolique qui pointe hors du site
load-theme-link-outside-help = copiez le thème dans themes/ au lieu d’y faire un lien
load-theme-not-found = thème « { $theme } » introuvable : il n’y a pas de dossier themes/{ $theme }/
load-theme-not-found-help = dans site.toml, donnez à `theme` le nom d’un dossier de themes/, ou supprimez la ligne pour utiliser « default »
load-theme-no-templates = le thème n’a aucun gabarit
load-theme-no-templates-help = placez les gabarits du thème dans themes/{ $theme }/templates/, ou choisissez dans site.toml (`theme`) un thème qui en a
load-link-outside = lien symbolique qui pointe hors du site
load-link-outside-help = copiez le fichier dans le site au lieu d’y faire un lien
load-folder-link-outside = ce dossier est un lien symbolique qui pointe hors du site
load-folder-link-outside-help = copiez le dossier dans le site au lieu d’y faire un lien
load-link-loop = lien symbolique qui tourne en boucle
load-link-loop-help = supprimez le lien qui renvoie vers l’un de ses dossiers parents
load-broken-link = lien symbolique cassé
load-broken-link-help = supprimez le lien ou faites-le pointer vers un fichier qui existe
load-markdown-extension = fichier Markdown dont le nom ne se termine pas par `.md`
load-markdown-extension-help = renommez-le avec l’extension `.md` en minuscules pour qu’il soit lu comme un article ou une page (il n’est pas publié tel quel)
load-comments-copy = ce fichier ressemble à une copie d’un fichier de commentaires : il n’est pas publié
load-comments-copy-help = seul `<article>.comments.yaml` (ou `comments.yaml` dans le dossier d’un article) est lu, et il n’est jamais publié ; sortez du site les copies et les sauvegardes
load-email-data = ce fichier contient des adresses électroniques sous une clé `email`, comme les fichiers de commentaires : il n’est pas publié
load-email-data-help = gardez les données des lecteurs hors de content/ et de static/ ; si le fichier doit être publié, retirez-en les adresses
load-changed-during-build = ce fichier a changé (ou a disparu) pendant la construction : son texte n’est plus celui qui a été lu au début
load-changed-during-build-help = relancez la construction une fois les modifications enregistrées
load-unreadable = impossible de lire le fichier : { $reason }
load-too-large = ce fichier pèse { $megabytes },{ $tenths } Mo ; les fichiers texte sont limités à { $limit } Mo
load-too-large-help = découpez-le en plusieurs articles ; si ce n’est pas un article, sortez-le du dossier content/
load-utf16 = le fichier est encodé en UTF-16
load-utf16-help = enregistrez-le en UTF-8 (dans la plupart des éditeurs : « Enregistrer avec l’encodage » → UTF-8)
load-invalid-utf8 = texte non UTF-8 à l’octet { $offset } : ce fichier n’est pas un fichier texte UTF-8
load-binary-data = données binaires à l’octet { $offset } : ce fichier n’est pas un fichier texte UTF-8
load-not-utf8-help = enregistrez le fichier en UTF-8 ; si ce n’est pas du texte, sortez-le du dossier content/
load-nul-byte = octet nul à la position { $offset } : ce fichier ressemble à un fichier binaire
load-nul-byte-help = un fichier .md ne doit contenir que du texte UTF-8

## En-tête des articles (parse/frontmatter.rs)

fm-missing = en-tête manquant
fm-missing-help = commencez le fichier par une ligne qui ne contient que `---`, puis l’en-tête (titre, date, auteur…), puis une autre ligne `---`
fm-never-closed = l’en-tête n’est jamais refermé
fm-never-closed-help = ajoutez une ligne qui ne contient que `---` après la dernière clé de l’en-tête
fm-not-a-mapping = l’en-tête n’est pas une suite de lignes `clé: valeur`
fm-not-a-mapping-help = écrivez une paire `clé: valeur` par ligne, par exemple `title: "Mon titre"`
fm-quote-never-closed = YAML invalide dans l’en-tête : ce guillemet n’est jamais refermé
fm-quote-never-closed-help = ajoutez le guillemet fermant à la fin de la valeur
fm-tab = YAML invalide dans l’en-tête : une tabulation ; en YAML, on indente seulement avec des espaces
fm-tab-help = remplacez la tabulation par des espaces (deux par niveau), ou mettez la valeur entre guillemets si la tabulation en fait partie
fm-duplicate-key = YAML invalide dans l’en-tête : la clé `{ $key }` est écrite deux fois
fm-duplicate-key-help = chaque clé ne peut figurer qu’une fois ; supprimez la répétition
fm-too-much-data = YAML invalide dans l’en-tête : il se déploie en trop de données
fm-too-much-data-help = l’en-tête se déploie en trop de données (alias YAML ou imbrications) ; écrivez les valeurs en toutes lettres
fm-colon-in-value = YAML invalide dans l’en-tête : un `: ` dans une valeur qui n’est pas entre guillemets
fm-colon-in-value-help = une valeur qui contient `: ` doit être mise entre guillemets, par exemple title: "Industrie : le bilan"
fm-cannot-start-value = YAML invalide dans l’en-tête : une valeur ne peut commencer par `{ $character }` que si elle est entre guillemets
fm-cannot-start-value-help = une valeur qui commence par `@`, `` ` `` ou `%` doit être mise entre guillemets
fm-list-not-closed = YAML invalide dans l’en-tête : une liste ouverte par `[` n’est pas refermée
fm-list-not-closed-help = refermez la liste par `]` sur la même ligne, et mettez entre guillemets les éléments qui contiennent `,`, `:` ou `#`
fm-braces-not-closed = YAML invalide dans l’en-tête : une accolade `{"{"}` n’est pas refermée
fm-braces-not-closed-help = refermez-la par `{"}"}`, ou mettez la valeur entre guillemets si les accolades en font partie
fm-unexpected-text = YAML invalide dans l’en-tête : texte inattendu à cet endroit
fm-unexpected-text-help = vérifiez les guillemets et les crochets de cette ligne ; une valeur qui contient `:`, `#` ou `&` doit être mise entre guillemets
fm-missing-colon = YAML invalide dans l’en-tête : une ligne qui n’a pas la forme `clé: valeur`
fm-missing-colon-help = écrivez chaque ligne sous la forme `clé: valeur`, avec une espace après les deux-points ; indentez la suite d’une valeur longue
fm-list-item-misplaced = YAML invalide dans l’en-tête : un élément de liste (`- …`) n’est pas permis ici
fm-list-item-misplaced-help = placez les éléments sous leur clé, chacun sur sa propre ligne commençant par `- `
fm-bad-escape = YAML invalide dans l’en-tête : entre guillemets doubles, une barre oblique inverse (\) doit commencer un échappement comme \n
fm-bad-escape-help = écrivez \\ pour obtenir une barre oblique inverse, ou mettez la valeur entre apostrophes droites
fm-unknown-alias = YAML invalide dans l’en-tête : une valeur qui commence par `*` renvoie à une ancre qui n’existe pas
fm-tag = YAML invalide dans l’en-tête : une valeur qui commence par `!` est une étiquette YAML
fm-anchor = YAML invalide dans l’en-tête : une valeur qui commence par `&` ou `*` est une ancre ou un alias YAML
fm-special-character-help = mettez la valeur entre guillemets doubles
fm-invalid-yaml = YAML invalide dans l’en-tête à cet endroit
fm-invalid-yaml-help = corrigez la syntaxe YAML à cet endroit ; il suffit souvent de mettre la valeur entre guillemets doubles

## Articles, pages de termes et pages (parse/mod.rs)

parse-misplaced = ce fichier Markdown n’est pas dans un dossier que le site publie
parse-misplaced-help = déplacez-le dans content/, dans l’un de ces dossiers : { $folders } ; un article avec des images va dans articles/<nom>/index.md
parse-correction-before-article = un rectificatif est daté d’avant l’article
parse-correction-before-article-help = un rectificatif suit la publication : vérifiez sa date (`date`) et celle de l’article
parse-updated-before-date = la mise à jour (`updated`) est antérieure à la publication (`date`)
parse-updated-before-date-help = `updated` est la date de la dernière modification de l’article ; elle ne peut pas précéder la publication
parse-too-long = `{ $key }` compte { $length ->
        [one] { $length } caractère
       *[other] { $length } caractères
    } ; { $max } au maximum sont permis
parse-too-long-help = raccourcissez-le : ce texte apparaît dans les listes, les flux et d’autres pages
parse-too-many-terms = l’article cite { $count } termes ; un article peut en citer { $max } au plus (auteurs, pôles, mots-clés… ensemble)
parse-too-many-terms-help = gardez les termes qui disent de quoi parle l’article ; un terme n’a sa place que sur un article qui le concerne directement
parse-term-file-name = la page de « { $name } » doit s’appeler { $expected }.md
parse-term-file-name-help = renommez le fichier en content/{ $folder }/{ $expected }.md, ou changez `name` pour qu’il corresponde au nom du fichier
parse-key-not-a-word = les clés de l’en-tête doivent être des mots
parse-key-not-a-word-help = écrivez les clés comme de simples mots, par exemple `title:`
parse-unknown-key = clé d’en-tête inconnue : `{ $key }`
parse-did-you-mean = vouliez-vous dire `{ $value }` ?
parse-accepted-keys = les clés acceptées ici sont : { $keys }
parse-write-one-of = écrivez l’une de ces valeurs : { $values }
parse-missing-key = il manque `{ $key }`
parse-missing-key-help = ajoutez une ligne `{ $example }` à l’en-tête
parse-missing-date-help = ajoutez une ligne `{ $key }: 2015-05-18T12:53:00+02:00` (ou simplement `{ $key }: 2015-05-18`)
parse-missing-author-help = ajoutez une ligne `author: Prénom Nom` (ou `authors: [Nom, Autre nom]`)
parse-empty = `{ $key }` est vide
parse-empty-help = écrivez du texte après les deux-points
parse-must-be-text = `{ $key }` doit être du texte, pas { $found }
parse-must-be-text-help = mettez la valeur entre guillemets doubles
parse-must-be-bool = `{ $key }` doit valoir true ou false, pas { $found }
parse-must-be-bool-help = écrivez `true` (oui) ou `false` (non)
parse-must-be-date = `{ $key }` doit être une date, pas { $found }
parse-date-help = écrivez-la 2015-05-18 ou 2015-05-18T12:53:00+02:00
parse-invalid-date = date « { $value } » invalide dans `{ $key }` : { $why }
parse-unknown-kind = type d’article inconnu : « { $value } »
parse-corrections-help = écrivez chaque rectificatif sous la forme `- {"{"} date: 2015-05-19, text: "Ce qui a été corrigé." {"}"}`
parse-corrections-not-a-list = `corrections` doit être une liste
parse-correction-needs-date-and-text = chaque rectificatif doit avoir une date (`date`) et un texte (`text`)
parse-correction-exact-keys = chaque rectificatif doit avoir exactement une date (`date`) et un texte (`text`), rien d’autre
parse-invalid-correction-date = date de rectificatif « { $value } » invalide : { $why }
parse-image-http = l’image « { $src } » est servie en http
parse-image-http-help = utilisez son adresse https (les navigateurs bloquent les images http sur une page https), ou placez le fichier dans le dossier de l’article
parse-image-scheme = l’image « { $src } » n’est ni un nom de fichier ni une adresse https
parse-image-scheme-help = écrivez le nom d’un fichier du dossier de l’article (`image: photo.jpg`) ou une adresse https
parse-image-no-alt = l’image n’a pas de texte de remplacement (`image_alt`)
parse-image-no-alt-help = décrivez l’image pour les lecteurs qui ne peuvent pas la voir : `image_alt: "Une ligne d’assemblage"`
parse-invalid-alias = ancienne adresse (`aliases`) « { $value } » invalide : { $why }
parse-alias-help = écrivez le chemin de l’ancienne adresse sur ce site, par exemple `/2015/05/usine-du-futur/` ou `/archives/usine.html` : lettres, chiffres, - _ . ~ et / seulement
parse-alias-other-host = une ancienne adresse doit appartenir à ce site, pas à un autre
parse-alias-home = la page d’accueil ne peut pas être une ancienne adresse
parse-alias-empty-segment = elle contient un élément vide (`//`)
parse-alias-dots = `.` et `..` ne sont pas permis
parse-alias-percent = les codes en pourcentage (%…) ne sont pas permis ; écrivez les caractères eux-mêmes
parse-alias-character = elle contient un caractère interdit
parse-alias-hidden = un élément ne peut pas commencer par `.` (les fichiers cachés ne sont pas publiés)
parse-alias-too-long = un élément est trop long pour servir de nom de fichier
parse-alias-not-a-page = elle désigne un fichier qui n’est pas une page ; seule une adresse de dossier (finissant par `/`) ou une page `.html` peut rediriger
parse-extra-keys = les gabarits ne peuvent pas utiliser `extra` : l’une de ses clés est elle-même une liste
parse-extra-keys-help = utilisez des clés textuelles
parse-extra-not-a-map = `extra` doit être une suite de clés et de valeurs, pas { $found }
parse-extra-not-a-map-help = écrivez `extra:` puis, en dessous, des lignes `clé: valeur` indentées
parse-must-be-names = `{ $key }` doit être une liste de noms, pas { $found }
parse-must-be-names-help = écrivez `{ $key }: [Premier, Second]`
parse-entry-not-a-name = chaque élément de `{ $key }` doit être un nom, pas { $found }
parse-entry-not-a-name-help = écrivez les noms comme du texte, entre guillemets s’ils contiennent `:` ou `&`
parse-empty-entry = `{ $key }` contient un élément sans lettre ni chiffre
parse-empty-entry-help = supprimez l’élément vide
parse-name-too-long = un élément de `{ $key }` compte { $length } caractères ; { $max } au maximum sont permis
parse-name-too-long-help = un nom apparaît sur chaque article qui le cite : raccourcissez-le
parse-author-and-authors = `author` et `authors` sont tous deux présents
parse-author-and-authors-help = n’en gardez qu’un : `author: Nom` ou `authors: [Nom, Autre nom]`
parse-authors-empty = `authors` est vide
parse-authors-empty-help = nommez au moins un auteur
parse-invalid-slug = slug « { $value } » invalide
parse-invalid-slug-kind = slug invalide : { $found }
parse-slug-example-help = utilisez des minuscules non accentuées, des chiffres et des tirets, par exemple `slug: { $example }`
parse-slug-help = utilisez des minuscules non accentuées, des chiffres et des tirets
parse-no-slug = le nom du fichier n’a aucune lettre ni aucun chiffre pour en faire une adresse
parse-no-slug-help = renommez le fichier ou ajoutez `slug: mon-article` à l’en-tête

# Le type de valeur écrit à la place (« doit être du texte, pas … »)
parse-kind-nothing = rien
parse-kind-boolean = vrai/faux
parse-kind-number = un nombre
parse-kind-text = du texte
parse-kind-list = une liste
parse-kind-map = une liste de clés et de valeurs
parse-kind-tagged = une valeur étiquetée
