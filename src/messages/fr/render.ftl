# Messages about templates, Markdown bodies, shortcodes (render/), in French.

## Erreurs de gabarit (render/errors.rs) : ce que Tera a trouvé, dans nos mots, et la page touchée
template-while-rendering = { $problem } ({ $others ->
        [0] en produisant { $page }
        [one] en produisant { $page } et une autre page
       *[other] en produisant { $page } et { $others } autres pages
    })
template-page = { $path }
template-page-card = la vignette de { $path }
template-page-shortcode = le shortcode placé en { $place }

template-missing = ce gabarit manque au thème
template-missing-help = ajoutez templates/{ $name } au site ou au thème
template-not-found = le gabarit `{ $name }` est introuvable
template-not-found-help = ajoutez ce gabarit au thème ou au dossier templates/ du site, ou corrigez son nom
template-missing-parent = ce gabarit étend `{ $parent }`, qui n’existe pas
template-circular-include = des gabarits s’incluent les uns les autres en boucle : { $chain }
template-circular-extend = des gabarits s’étendent les uns les autres en boucle : { $chain }
template-circular-help = un gabarit s’inclut ou s’étend lui-même par une chaîne d’autres gabarits : rompez la boucle
template-unexplained = ce gabarit ne peut pas servir tel quel
template-io = la page ne peut pas être écrite : { $reason }
template-utf8 = la page contient des octets qui ne sont pas du texte UTF-8
template-utf8-help = vérifiez les valeurs que ce gabarit écrit telles quelles (avec `safe`)

## Syntaxe
template-syntax = syntaxe de gabarit invalide à cet endroit
template-syntax-help = corrigez le gabarit à cet endroit (syntaxe de Tera 2)
template-tags-help = une valeur s’écrit {"{{"} … {"}}"}, une balise {"{%"} … {"%}"} et un commentaire {"{#"} … {"#}"} ; vérifiez que chacun est bien fermé
template-unexpected = ici, gen ne s’attendait pas à trouver { $found }
template-unexpected-expected = ici, gen attendait { $expected } mais trouve { $found }
template-expected-end-of-if = ici, gen attendait `elif`, `else` ou `endif` mais trouve { $found }
template-if-help = fermez chaque {"{%"} if … {"%}"} par {"{%"} endif {"%}"}
template-token-code = `{ $code }`
template-token-name = un nom
template-token-attribute = un nom d’attribut
template-token-text = du texte
template-token-comment = un commentaire
template-token-string = un texte entre guillemets
template-token-number = un nombre
template-token-bool = `true` ou `false`
template-unexpected-end = le gabarit s’arrête au milieu d’une balise ou d’un bloc
template-unexpected-end-help = fermez chaque {"{{"} par {"}}"} et chaque {"{%"} par {"%}"}, et terminez chaque bloc par sa balise de fin ({"{%"} endif {"%}"}, {"{%"} endfor {"%}"}, {"{%"} endblock {"%}"}…)
template-string-not-closed = ce texte entre guillemets n’est jamais fermé
template-string-not-closed-help = terminez-le par le guillemet qui l’ouvre ({ $quote })
template-bad-escape = dans ce texte entre guillemets, une barre oblique inversée (\) n’est suivie de rien qu’elle puisse protéger
template-bad-escape-help = écrivez \" pour un guillemet, \\ pour une barre oblique inversée, \n pour un retour à la ligne
template-comment-not-closed = ce commentaire n’est jamais fermé
template-comment-not-closed-help = terminez-le par { $close }
template-raw-not-closed = ce bloc `raw` n’est jamais fermé
template-raw-not-closed-help = terminez-le par {"{%"} endraw {"%}"}
template-bad-number = ce nombre est illisible
template-unexpected-character = ce caractère n’a pas de sens dans une balise
template-unknown-tag = balise inconnue
template-unknown-tag-help = les balises sont if, for, set, set_global, include, extends, block, component, filter, raw, break et continue, avec leurs balises de fin (endif, endfor…)
template-reserved-name = `{ $name }` est un mot réservé des gabarits : il ne peut pas servir de nom
template-reserved-name-help = choisissez un autre nom
template-loop-keyword = `{ $name }` ne s’emploie que directement dans une boucle `for`
template-loop-keyword-help = placez `{ $name }` dans {"{%"} for … {"%}"} … {"{%"} endfor {"%}"}, hors de toute autre balise
template-loop-field = `loop` n’a pas de champ `{ $name }`
template-loop-field-help = `loop` a les champs index, index0, first, last et length
template-block-twice = ce gabarit a déjà un bloc nommé `{ $name }`
template-component-defined-twice = ce gabarit a déjà un composant nommé `{ $name }`
template-rename-help = renommez l’un des deux, ou retirez-le
template-extends-first = `extends` doit être la première balise du gabarit, et n’y figurer qu’une fois
template-extends-help = placez {"{%"} extends "…" {"%}"} une seule fois, tout au début du gabarit
template-outside-blocks = ceci serait perdu : un gabarit qui en étend un autre ne contient, à son premier niveau, que des blocs et des composants
template-outside-blocks-help = déplacez ceci dans un {"{%"} block … {"%}"}, ou retirez-le
template-block-nested = un bloc ne peut pas être écrit dans une autre balise
template-component-nested = un composant ne peut pas être défini dans une autre balise
template-nested-help = sortez-le de la balise qui le contient, au premier niveau du gabarit
template-component-not-closed = le composant `{ $name }` n’est jamais fermé
template-component-not-closed-help = terminez-le par {"{%"} endcomponent { $name } {"%}"}
template-end-name = cette balise de fin nomme `{ $found }`, mais la balise qu’elle ferme est `{ $name }`
template-end-name-help = donnez à la balise de fin le même nom qu’à celle d’ouverture : `{ $name }`
template-argument-twice = l’argument `{ $name }` est donné deux fois
template-argument-twice-help = gardez-en un seul
template-too-complex = cette expression est trop complexe (trop imbriquée)
template-too-complex-help = découpez-la en étapes avec {"{%"} set … {"%}"}

## Noms inconnus
template-unknown-filter = filtre inconnu : `{ $name }`
template-unknown-filter-help = filtres ajoutés par gen : { $filters } ; pour les filtres de base, voyez la documentation de Tera 2
template-unknown-test = test inconnu : `{ $name }`
template-unknown-test-help = tests ajoutés par gen : before, after ; pour les tests de base (defined, string, number…), voyez la documentation de Tera 2
template-unknown-function = fonction inconnue : `{ $name }`
template-unknown-function-help = fonctions disponibles : get_url, range, throw
template-did-you-mean = vouliez-vous dire `{ $name }` ?
template-unknown-component = composant inconnu : `{ $name }`
template-unknown-component-help = définissez-le avec {"{%"} component … {"%}"} dans un gabarit du thème ou du dossier templates/ du site, ou corrigez son nom
template-component-twice = le composant `{ $name }` est aussi défini dans { $other }
template-component-twice-help = donnez un autre nom à l’un des deux, ou retirez-en un
template-block-not-in-parent = le bloc `{ $name }` n’existe dans aucun des gabarits que celui-ci étend
template-block-not-in-parent-help = donnez-lui le nom d’un bloc du gabarit étendu, ou retirez-le

## Les valeurs, pendant le rendu
template-unknown-variable = `{ $name }` n’est pas défini
template-variable-without-value = `{ $name }` existe mais n’a pas de valeur
template-unknown-field = le champ `{ $name }` n’existe pas
template-undefined-value = cette valeur n’est pas définie
template-undefined-help = vérifiez le nom de la variable ; pour une valeur facultative, écrivez `{"{{"} x | default(value="") {"}}"}` ou `{"{%"} if x is defined {"%}"}`
template-variables-help = les variables disponibles ici sont { $names } ; pour une valeur facultative, écrivez `{"{{"} x | default(value="") {"}}"}` ou `{"{%"} if x is defined {"%}"}`
template-fields-help = les champs disponibles ici sont { $names } ; pour une valeur facultative, écrivez `{"{{"} x | default(value="") {"}}"}` ou `{"{%"} if x is defined {"%}"}`
template-kind-text = un texte
template-kind-number = un nombre
template-kind-bool = vrai ou faux (un booléen)
template-kind-list = une liste
template-kind-map = un ensemble de clés et de valeurs
template-kind-none = rien (`none`)
template-kind-undefined = une valeur non définie
template-kind-bytes = des octets
template-kind-other = une valeur de type `{ $name }`
template-wrong-type = il faut ici { $expected }, pas { $actual }
template-missing-argument = il manque l’argument `{ $name }`
template-out-of-range = la valeur `{ $value }` sort des limites permises ici
template-cannot-compare = impossible de comparer { $left } avec { $right }
template-plus-not-numbers = `+` additionne des nombres, pas { $left } et { $right }
template-not-a-number = un calcul se fait avec des nombres, pas avec { $kind }
template-plus-help = pour mettre des textes bout à bout, employez `~` : `{"{{"} a ~ b {"}}"}`
template-division-by-zero = division par zéro
template-division-by-zero-help = vérifiez le diviseur, ou testez-le d’abord : `{"{%"} if n != 0 {"%}"}`
template-number-too-large = ce calcul donne un nombre trop grand
template-not-iterable = `for` ne peut pas parcourir { $kind }
template-not-a-map = `for k, v in …` parcourt un ensemble de clés et de valeurs, pas { $kind }
template-not-iterable-help = `for` parcourt une liste, un ensemble de clés et de valeurs, ou un texte
template-spread = `...` ne peut pas déployer { $kind } ici
template-bad-index = { $kind } ne peut pas servir d’indice ou de clé ici
template-wrong-kind = impossible de faire cela avec { $kind }
template-super = `super()` ne s’emploie que dans un bloc qui remplace un bloc du gabarit étendu
template-super-help = retirez `super()`, ou employez-le dans un tel bloc
template-component-unknown-argument = ce composant ne prend pas d’argument { $names }
template-component-arguments-help = ses arguments sont { $names }
template-component-no-arguments-help = il ne prend aucun argument
template-component-argument-type = l’argument `{ $name }` de ce composant est { $actual }, alors qu’il faut { $expected }
template-component-missing-argument = ce composant a besoin de l’argument `{ $name }`
template-range = `range` ne peut pas faire cette liste de nombres
template-range-help = donnez à `range` une fin (`end`) plus grande que son début (`start`), ou un pas (`step_by`) négatif ; un pas différent de 0 ; et au plus 100 000 nombres
template-recursion = le composant `{ $component }` s’appelle lui-même sans fin
template-recursion-limit = des composants s’appellent les uns les autres trop profondément (sans fin ?)
template-recursion-help = un composant qui s’appelle lui-même (directement ou par d’autres) a besoin d’une condition qui l’arrête
template-value-refused = cette valeur ne peut pas servir ici
template-value-help = vérifiez la valeur à cet endroit, et ce à quoi elle est donnée (filtre, fonction ou opération)

## Ce que refusent les filtres et fonctions de gen
template-not-a-date = `{ $filter }` ne reconnaît pas de date dans « { $value } »
template-not-a-date-kind = `{ $filter }` a besoin d’une date, pas { $kind }
template-not-a-date-help = donnez-lui une date comme page.date (2015-05-18T12:53:00+02:00)
template-date-format = `{ $filter }` ne peut pas utiliser le format « { $format } »
template-date-fr-help = écrivez le format en motif UTS-35, par exemple `d MMMM y` (18 mai 2015) ou `EEEE d MMMM y 'à' HH'h'mm`
template-date-help = écrivez le format avec les codes de strftime, par exemple `%Y-%m-%d` ; ou employez `date_fr`
template-time-zone = `{ $filter }` : fuseau horaire inconnu, « { $zone } »
template-time-zone-help = écrivez le nom d’un fuseau horaire de la liste IANA, par exemple « Europe/Paris »
template-date-unwritable = `{ $filter }` ne peut pas écrire cette date
template-no-static-file = `get_url` : aucun fichier statique « { $path } » à versionner (`cachebust`)
template-no-static-file-help = placez le fichier dans static/ ou dans le static/ du thème, ou corrigez son chemin
template-thrown = le gabarit arrête la compilation : « { $message } »
template-thrown-help = ce message est celui du gabarit (`throw`) : voyez ce qu’il demande

## Les textes en Markdown (render/markdown.rs)
md-heading-id-unusable = l’identifiant d’intertitre `{ $id }` ne peut pas servir d’identifiant HTML (ni espaces, ni guillemets, ni `<`, `>`, `&`, `#`, `%`, ni caractères de contrôle) : l’intertitre reçoit `{ $shown }`
md-heading-id-help = écrivez l’identifiant {"{"}#{ $shown }{"}"}
md-heading-id-taken = l’identifiant d’intertitre `{ $id }` est déjà pris sur cette page : cet intertitre reçoit `{ $shown }`, et les liens vers #{ $id } mènent au premier
md-heading-id-taken-help = donnez à chaque intertitre son propre identifiant
md-unknown-code-language = langage de code inconnu : `{ $language }` ; le bloc est affiché sans coloration
md-unknown-code-language-help = employez un nom courant comme rust, yaml, toml, sh, json, html ou python
md-file-not-found-help = placez le fichier dans le dossier de l’article (articles/<nom>/ avec un index.md), ou donnez une adresse https
md-link-missing = lien vers { $target }, qui n’existe pas (ou n’est pas publié)
md-link-missing-help = pointez vers un fichier source sous la forme @/articles/<nom>.md (ou par un chemin relatif à ce fichier)
md-link-did-you-mean = vouliez-vous dire @/{ $near } ?

## Les shortcodes (render/shortcodes.rs)
-shortcode-escape-help = pour écrire `{"{{<"}` comme du texte, protégez-le : {"{{"}\<
shortcode-declaration-help = déclarez les arguments ainsi : {"{#"} arguments: titre (obligatoire), lien, texte|text {"#}"}
shortcode-declaration-unknown-mark = marque inconnue `({ $mark })` dans les arguments que ce gabarit déclare
shortcode-declaration-bad-name = `{ $name }` ne peut pas être un nom d’argument (lettres, chiffres, `-` et `_` seulement)
shortcode-declaration-twice = l’argument `{ $name }` est déclaré deux fois
shortcode-no-name = il manque le nom du shortcode après `{"{{<"}`
shortcode-no-name-help = écrivez un shortcode ainsi : {"{{<"} figure src="…" alt="…" {">}}"} ; { -shortcode-escape-help }
shortcode-closing-with-arguments = la balise de fermeture de `{ $name }` ne prend pas d’arguments
shortcode-closing-with-arguments-help = donnez les arguments à la balise d’ouverture, et fermez par {"{{<"} /{ $name } {">}}"}
shortcode-not-closed = le shortcode `{ $name }` n’est pas fermé par `{">}}"}`
shortcode-not-closed-help = terminez-le par {">}}"} (sur la même ligne ou une suivante) ; { -shortcode-escape-help }
shortcode-expected-argument = dans le shortcode `{ $name }`, gen attendait un argument (nom="valeur") ou `{">}}"}` mais trouve `{ $found }`
shortcode-expected-argument-help = écrivez chaque argument sous la forme nom="valeur", séparés par des espaces
shortcode-argument-no-value = l’argument `{ $arg }` de `{ $name }` n’a pas de valeur
shortcode-argument-no-value-help = écrivez-le { $arg }="…"
shortcode-value-not-closed = la valeur de `{ $arg }` n’est pas refermée par `{ $quote }`
shortcode-value-not-closed-help = terminez la valeur par { $quote } ; écrivez \{ $quote } pour un { $quote } à l’intérieur
shortcode-not-alone = le shortcode `{ $name }` doit être seul sur sa ligne
shortcode-not-alone-help = placez-le sur une ligne à lui, hors des paragraphes, des listes et des citations ; { -shortcode-escape-help }
shortcode-unknown = shortcode inconnu : `{ $name }`
shortcode-did-you-mean = vouliez-vous dire `{ $name }` ?
shortcode-unknown-help = les shortcodes de ce site sont { $names } ; un site en ajoute un en créant templates/{ $folder }<nom>.html
shortcode-never-closed = le shortcode `{ $name }` n’est jamais fermé
shortcode-never-closed-help = terminez son contenu par {"{{<"} /{ $name } {">}}"}, sur une ligne à lui
shortcode-no-body = le shortcode `{ $name }` n’a pas de balise de fermeture
shortcode-no-body-help = retirez {"{{<"} /{ $name } {">}}"} : `{ $name }` n’a pas de contenu
shortcode-closes-nothing = {"{{<"} /{ $name } {">}}"} ne ferme aucun `{ $name }` ouvert
shortcode-closes-nothing-help = ouvrez-le plus haut par {"{{<"} { $name } {">}}"}, ou retirez cette ligne
shortcode-unknown-argument = argument inconnu pour le shortcode `{ $name }` : `{ $arg }`
shortcode-takes = `{ $name }` prend { $params }
shortcode-argument-twice = l’argument `{ $arg }` de `{ $name }` est donné deux fois
shortcode-argument-twice-help = gardez-en un seul
shortcode-missing-argument = le shortcode `{ $name }` a besoin de l’argument `{ $arg }`
shortcode-empty-argument = l’argument `{ $arg }` de `{ $name }` est vide
shortcode-add-argument-help = ajoutez { $arg }="…"
shortcode-figure-src-help = nommez la photo : un fichier du dossier de l’article (src="usine.jpg") ou une adresse https
shortcode-figure-alt-help = décrivez la photo pour les lecteurs qui ne la voient pas : alt="…"
shortcode-video-title-help = donnez un titre à la vidéo : le bouton qui la lance l’affiche (titre="…")
shortcode-figure-value-help = donnez le chiffre lui-même : valeur="71"
shortcode-figure-text-help = dites ce que compte le chiffre : texte="pôles de compétitivité en France"
shortcode-quote-text-help = donnez les mots cités, sans guillemets : texte="…"
shortcode-document-src-help = nommez le document : un fichier du dossier de l’article (src="rapport.pdf") ou une adresse https
shortcode-unknown-provider = hébergeur de vidéos inconnu : `{ $provider }`
shortcode-provider-help = fournisseur vaut youtube, dailymotion ou peertube
shortcode-video-help = donnez l’adresse d’une vidéo YouTube, Dailymotion ou PeerTube (https://www.youtube.com/watch?v=…, https://www.dailymotion.com/video/…, https://<instance>/w/…), ou id="…" avec fournisseur="youtube" ou "dailymotion"
shortcode-video-url-and-id = donnez l’adresse de la vidéo (`url`) ou son identifiant (`id`), pas les deux
shortcode-video-no-address = le shortcode `video` a besoin de `url` ou de `id`
shortcode-peertube-id = une vidéo PeerTube se désigne par son adresse, pas par son seul identifiant
shortcode-peertube-id-help = donnez url="https://<instance>/w/…"
shortcode-not-a-video-id = `{ $id }` n’est pas un identifiant de vidéo { $provider }
shortcode-which-host = quel site héberge la vidéo `{ $id }` ?
shortcode-which-host-help = ajoutez fournisseur="youtube" ou fournisseur="dailymotion"
shortcode-unknown-video = impossible de savoir quelle vidéo désigne `{ $url }`
shortcode-other-provider = `{ $url }` est une vidéo { $found }, pas une vidéo { $given }
shortcode-other-provider-help = retirez fournisseur : l’adresse dit où est la vidéo
shortcode-body-shown = { $count ->
        [0] ce gabarit n’affiche pas `body`
        [one] ce gabarit affiche `body` une fois
       *[other] ce gabarit affiche `body` { $count } fois
    } ; le shortcode `{ $name }` placé en { $place } a un contenu, que son gabarit doit afficher une fois exactement
shortcode-body-shown-help = écrivez {"{{"} body | safe {"}}"} une fois, là où le contenu doit aller
shortcode-document-not-found = le document « { $src } » est introuvable
