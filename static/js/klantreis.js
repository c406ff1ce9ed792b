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

  // A download that starts by itself once htmx has swapped it in: <a href="…" data-auto-download> (the report).
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("a[data-auto-download]:not([data-downloaded])").forEach(function (link) {
      link.setAttribute("data-downloaded", "");
      window.location.assign(link.href);
    });
  });
})();
