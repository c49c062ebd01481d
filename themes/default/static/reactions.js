// The comment form, sent without leaving the page. Without this script the form still works:
// the service answers a plain post by sending the reader back to the article's "#merci".
(() => {
  "use strict";
  const form = document.querySelector("form.formulaire-commentaire");
  const thanks = document.getElementById("merci");
  if (!form || !thanks || !window.fetch || !window.FormData) return;
  const ids = { name: "commentaire-nom", email: "commentaire-email", text: "commentaire-texte" };
  const button = form.querySelector("button[type=submit]");

  // When the reader starts filling the form, the service signs the time: a post sent sooner
  // than a person could write is refused. Without the token the post is still accepted.
  const article = form.elements.namedItem("article");
  const askToken = async () => {
    form.removeEventListener("focusin", askToken);
    try {
      const url = new URL("jeton", form.action);
      url.searchParams.set("article", article ? article.value : "");
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (response.ok && typeof answer.jeton === "string") {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "jeton";
        input.value = answer.jeton;
        form.append(input);
      }
    } catch {
      // The service is unreachable: the post will say so.
    }
  };
  form.addEventListener("focusin", askToken);

  const clear = () => {
    for (const old of form.querySelectorAll(".erreur")) old.remove();
    for (const field of form.querySelectorAll("[aria-invalid]")) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
  };

  // A message above the whole form, read out at once.
  const general = (message) => {
    const p = document.createElement("p");
    p.className = "erreur";
    p.setAttribute("role", "alert");
    p.textContent = message;
    form.prepend(p);
  };

  // A message beside each refused field; the first one gets the focus.
  const beside = (errors) => {
    let first = null;
    for (const [name, message] of Object.entries(errors)) {
      const field = ids[name] && document.getElementById(ids[name]);
      if (!field) {
        general(message);
        continue;
      }
      const p = document.createElement("p");
      p.className = "erreur";
      p.id = `${ids[name]}-erreur`;
      p.textContent = message;
      field.before(p);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", p.id);
      first = first || field;
    }
    if (first) first.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 201) {
        form.hidden = true;
        thanks.classList.add("visible");
        thanks.focus();
      } else if (answer.erreurs) {
        beside(answer.erreurs);
      } else {
        general(answer.erreur || "L’envoi a échoué : réessayez dans quelques minutes. Votre texte est conservé.");
      }
    } catch {
      general("Le service des commentaires ne répond pas : réessayez dans quelques minutes. Votre texte est conservé.");
    } finally {
      button.disabled = false;
    }
  });
})();
