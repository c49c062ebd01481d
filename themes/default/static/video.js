// Videos behind a click: the page asks nothing of YouTube, Dailymotion or a PeerTube instance
// until the reader wants the video. Without this script each video is a link to its page; with
// it, the link becomes a button that puts the player in its place, started at once.
(() => {
  "use strict";
  for (const figure of document.querySelectorAll("figure.video[data-lecteur]")) {
    const link = figure.querySelector("a.video-lancer");
    if (!link || figure.dataset.pret) continue;
    figure.dataset.pret = "1";
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.append(...link.childNodes);
    link.replaceWith(button);
    button.addEventListener("click", () => {
      const player = document.createElement("iframe");
      player.src = figure.dataset.lecteur;
      player.title = `Vidéo\u00a0: ${figure.dataset.titre || ""}`;
      player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
      player.allowFullscreen = true;
      player.referrerPolicy = "strict-origin-when-cross-origin";
      button.replaceWith(player);
      player.focus();
    }, { once: true });
  }
})();
