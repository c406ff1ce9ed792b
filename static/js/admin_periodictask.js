/* The admin's periodic task form (templates/admin/djcelery/change_periodictask_form.html): the chosen crontab in
   words under the crontab field, when the page opens and whenever another is chosen. Replaces django-celery-beat's
   inline script, which our Content-Security-Policy refuses. Text only (textContent), never markup. */
(function () {
  "use strict";

  var label = document.currentScript.dataset.inWords;
  var readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var select = document.getElementById("id_crontab");
  var help = document.querySelector(".field-crontab .help");
  var translationRow = document.querySelector(".field-crontab_translation");
  if (!select || !help) return;  // a form without the crontab field (a read-only view): nothing to do

  // The read-only "crontab translation" row says the same for the saved crontab only; the line below says it for
  // the chosen one.
  if (translationRow) translationRow.classList.add("hidden");

  var inWords = document.createElement("div");
  inWords.className = "crontab-in-words";
  help.appendChild(inWords);

  function showInWords() {
    var words = readableCrontabs[select.value];
    inWords.textContent = words ? label + " " + words : "";
  }

  select.addEventListener("change", showInWords);
  showInWords();
})();
