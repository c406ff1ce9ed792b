/* Klantreis: the little the pages need beyond htmx. No inline scripts (a strict CSP stays possible). */
(function () {
  "use strict";

  // Countdowns: <time data-countdown="2026-11-23T20:15:00+00:00"> shows m:ss left, ticking each second.
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.max(0, Math.round((Date.parse(el.dataset.countdown) - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      el.classList.toggle("is-ending", left > 0 && left <= 60);
      el.classList.toggle("is-over", left === 0);
    });
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);

  // Copy buttons: <button data-copy="#field" data-copied-text="Copied"> copies the field's value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    if (!field) return;
    field.select();
    var done = function () {
      var label = button.dataset.label || (button.dataset.label = button.textContent);
      button.textContent = button.dataset.copiedText || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // Scores (the emotions step): the arrow keys send a score per press, so several may be on their way at once.
  // Each choice gets a number that only grows on this page, sent with this page's random id: the server keeps
  // the highest (journeys.services.emotions.ChoiceOrder), whatever order requests arrive in. The form's
  // hx-sync sends one request per touchpoint at a time, and an answer is shown only when no later choice is
  // on its way: the last answer shows what is stored, and no earlier answer moves the scale under the keys.
  var choicePage = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(8)), function (byte) {
    return (byte < 16 ? "0" : "") + byte.toString(16);
  }).join("");
  var choices = 0;
  function numberChoice(event) {
    var form = event.target.closest && event.target.closest(".em-score-form");
    if (!form || (event.type === "change" && event.target.name !== "score")) return;
    choices += 1;
    form.elements.page_id.value = choicePage;
    form.elements.seq.value = String(choices);
  }
  // Capturing, so the number is set before htmx (listening on the form) reads the form.
  document.addEventListener("change", numberChoice, true);
  document.addEventListener("submit", numberChoice, true);
  document.addEventListener("htmx:beforeSwap", function (event) {
    var sent = event.detail.requestConfig && event.detail.requestConfig.formData;
    var field = event.detail.target && event.detail.target.querySelector && event.detail.target.querySelector(
      ".em-score-form input[name=seq]");
    if (sent && field && Number(field.value) > Number(sent.get("seq"))) {
      event.detail.shouldSwap = false;  // a later choice is on its way; its answer will show what is stored
    }
  });

  // A download that starts by itself once htmx has swapped it in: <a href="…" data-auto-download> (the report).
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("a[data-auto-download]:not([data-downloaded])").forEach(function (link) {
      link.setAttribute("data-downloaded", "");
      window.location.assign(link.href);
    });
  });
})();
