# Messages about the model, the plan, building and checking (model/, plan.rs, pipeline.rs, build.rs, check.rs, linkcheck.rs, report.rs, session.rs, photo/), in French.

## The site's model: URLs, terms, aliases, comments (model/)
model-comments-orphan = ces commentaires appartiennent à { $article }, qui n’existe pas
model-comments-orphan-help = si vous renommez un article, renommez aussi son fichier de commentaires
model-too-many-pages = le site compte { $count } pages autonomes ; il en accepte { $max } au plus
model-too-many-pages-help = chaque page du site affiche toutes les pages autonomes dans sa navigation : publiez les autres comme articles
model-page-url-taken = cette page serait publiée à l’adresse /{ $path }, que le site utilise déjà
model-page-url-taken-help = renommez le fichier
model-article-url-taken = deux articles seraient publiés à la même adresse, /{ $path }
model-article-url-taken-help = { $other } utilise déjà cette adresse : donnez à l’un des deux un autre nom de fichier ou un autre `slug:`
model-term-spelling = { $kind } « { $name } » : ailleurs, ce nom s’écrit « { $spelling } »
model-term-spelling-help = écrivez « { $spelling } » comme dans { $first }, pour que les deux articles partagent la même page
model-term-unknown = { $kind } introuvable : « { $name } »
model-term-did-you-mean = vouliez-vous dire `{ $near }` ?
model-term-unknown-help = chaque { $kind } doit avoir sa page dans content/{ $folder }/ ; noms connus : { $known }
model-alias-taken = l’ancienne adresse /{ $alias } est déjà utilisée
model-alias-taken-help = { $other } publie une page ou une redirection à cette adresse : retirez l’une des deux
model-comments-unreportable = des commentaires approuvés sont publiés, mais les lecteurs n’ont aucun moyen d’en signaler un
model-comments-unreportable-help = ajoutez à site.toml une section [comments] avec l’adresse du service de réception, endpoint = "https://…", ou bien report_email = "…" ou report_url = "…{"{"}id{"}"}…"

## Who writes each output file (plan.rs)
plan-owner-home = la page d’accueil
plan-owner-home-page = la page { $page } de l’accueil
plan-owner-article = l’article { $path }
plan-owner-page = la page { $path }
plan-owner-taxonomy-list = la liste des { $title }
plan-owner-term = la page de « { $name } » ({ $kind })
plan-owner-term-page = la page { $page } de « { $name } » ({ $kind })
plan-owner-site-feed = le flux Atom du site
plan-owner-term-feed = le flux Atom de « { $name } » ({ $kind })
plan-owner-sitemap = le plan du site (sitemap)
plan-owner-news-sitemap = le plan du site pour les actualités (news sitemap)
plan-owner-search-index = l’index de recherche
plan-owner-search-page = la page de recherche
plan-owner-alias = l’ancienne adresse /{ $alias } de { $path }
plan-owner-redirects = le fichier _redirects
plan-owner-robots = robots.txt
plan-owner-not-found = la page 404
plan-owner-highlight-css = la feuille de style de la coloration du code
plan-owner-file = le fichier { $path }
plan-written-twice = /{ $path } serait écrit deux fois : par { $first } et par { $second }
plan-file-needs-folder = /{ $path } est un fichier écrit par { $file }, alors que { $folder } a besoin d’un dossier à cet endroit (pour /{ $deeper })
plan-one-source-help = chaque adresse du site n’a qu’une source : renommez ou retirez l’une des deux (une ancienne adresse ne peut pas reprendre celle d’une page ou d’un fichier que le site écrit)
plan-image-not-found = l’image « { $src } » est introuvable
plan-image-not-found-help = placez l’image dans le dossier de l’article, à côté d’index.md, ou donnez une adresse https
plan-image-not-in-folder-help = rangez l’article dans articles/<nom>/index.md et placez l’image à côté, ou donnez une adresse https
plan-misplaced-asset = ce fichier n’est pas à côté de l’index.md d’un article
plan-misplaced-asset-help = placez les images dans le dossier de l’article (articles/<nom>/ avec un index.md), dans le dossier qui porte le nom du fichier d’un pôle, d’un auteur ou d’une page (poles/<slug>/ à côté de poles/<slug>.md), ou dans static/

## Building (pipeline.rs, build.rs)
build-invalid-base-url = adresse de base « { $url } » non valable : { $why }
build-invalid-base-url-help = donnez une adresse http(s) complète, par exemple https://example.org/industrie/
build-output-refused = { $why } ; choisissez un autre dossier avec --output
build-photo-written-twice = { $path } serait écrit deux fois (aussi par { $other })
build-photo-written-twice-help = une photo traitée est publiée en plusieurs largeurs à côté d’elle, sous les noms NOM-LARGEUR : renommez l’un des deux fichiers

## What gen was doing when the system refused (composed as « { action } impossible ({ path }) : … »)
action-make-photo-folder = création du dossier des photos traitées
action-read-published-file = lecture du fichier à publier
action-write-manifest = écriture du manifeste
action-write-report = écriture du rapport de compilation

## gen check (check.rs)
check-image-no-alt = l’image « { $src } » n’a pas de texte de remplacement
check-image-no-alt-help = décrivez l’image entre les crochets : ![Une ligne d’assemblage](photo.jpg)
check-image-not-found-help = placez l’image dans le dossier de l’article (articles/<nom>/index.md, l’image à côté) ou dans static/
check-no-lead = l’article n’a pas de chapeau
check-no-lead-help = ajoutez `lead: "…"` : c’est la description de l’article, reprise dans les listes et les flux
check-headline-too-long = { $length ->
    [one] le titre compte { $length } caractère ; la limite est de { $max }
   *[other] le titre compte { $length } caractères ; la limite est de { $max }
}
check-headline-too-long-help = raccourcissez-le (les moteurs de recherche et les agrégateurs d’actualités coupent les titres trop longs)
check-headline-taken = un autre article porte déjà le titre « { $title } »
check-headline-taken-help = { $other } l’utilise aussi ; les lecteurs ne pourraient pas les distinguer
check-link-broken = le lien vers { $url } ne fonctionne pas : { $why }
check-link-broken-help = corrigez ou retirez le lien, ou ajoutez son début à [check] external_skip dans site.toml

## Why an external link is broken (linkcheck.rs)
link-http-status = { $status ->
    [404] la page n’existe pas (HTTP 404)
    [410] la page a été supprimée (HTTP 410)
    [403] l’accès à la page est refusé (HTTP 403)
    [401] la page demande un identifiant (HTTP 401)
   *[other] le serveur répond par une erreur (HTTP { $status })
}
link-timeout = pas de réponse en { $seconds } s
link-refused = le serveur a refusé la connexion
link-host-not-found = aucun serveur ne porte ce nom (DNS)
link-connection-lost = la connexion a été coupée
link-connection-failed = impossible de joindre le serveur
link-tls = la connexion sécurisée (HTTPS) a échoué
link-too-many-redirects = trop de redirections
link-bad-address = l’adresse n’est pas valable
link-bad-answer = la réponse du serveur est illisible

## Photos and images (photo/)
photo-not-an-image = ce fichier n’est pas une image que gen sait lire (JPEG, PNG ou WebP) : convertissez-le en JPEG ou en PNG
photo-unsupported-format = ce fichier contient une image { $format }, un format que gen ne publie pas : convertissez-la en JPEG ou en PNG
photo-wrong-extension = le nom annonce du { $claimed }, mais le fichier contient une image { $found } : renommez-le avec la bonne extension ou exportez-le de nouveau
photo-jpeg-cut-short = cette image JPEG est incomplète (tronquée ou abîmée ?) : exportez-la ou copiez-la de nouveau
photo-damaged = impossible de lire cette image { $format } (tronquée ou abîmée ?) : exportez-la ou copiez-la de nouveau
photo-unsupported-variant = cette image { $format } est enregistrée dans une variante que gen ne sait pas lire : exportez-la de nouveau en JPEG ou en PNG ordinaire
photo-too-large-to-decode = cette image { $format } demande plus de mémoire que gen n’en accorde pour la lire ([images] max_pixels) : exportez-la plus petite
photo-too-many-pixels = cette image mesure { $width }×{ $height } pixels, plus que les { $millions } millions que gen accepte de lire ([images] max_pixels) : exportez-la plus petite
photo-cannot-resize = impossible de redimensionner cette image
photo-too-wide-for-jpeg = trop large pour le format JPEG
photo-too-tall-for-jpeg = trop haute pour le format JPEG
photo-cannot-encode = impossible d’enregistrer l’image en { $format }
photo-cannot-read = lecture impossible : { $reason }
photo-cannot-cache = impossible de garder la photo traitée en cache : { $reason }
photo-svg-unsafe = ce fichier SVG ne peut pas être publié tel quel : { $why } ; exportez-le de nouveau sans scripts ou convertissez-le en PNG
photo-svg-script = il contient un <script>
photo-svg-handler = il réagit à des événements (onload=, onclick=…)
photo-svg-javascript = il contient un lien javascript:
photo-svg-foreign-object = il embarque du HTML (<foreignObject>)
photo-svg-entities = il déclare des entités
