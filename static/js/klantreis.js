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

  // Parts of the room are swapped while people read and use them (a colleague's edits arriving, a vote). Focus
  // stays where the person was: htmx puts it back on an element with the same id; anything else is found again
  // by its nearest ancestor with an id, its kind (tag, first class, name, value, href, label) and its place there.
  // Disabled in the new content: the nearest control beside it; gone: the part it was in.
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function signature(el) {
    var sig = el.tagName.toLowerCase();
    if (el.classList.length) sig += "." + CSS.escape(el.classList[0]);
    ["name", "value", "href", "aria-label"].forEach(function (attr) {
      if (el.hasAttribute(attr)) sig += "[" + attr + '="' + CSS.escape(el.getAttribute(attr)) + '"]';
    });
    return sig;
  }

  function placeOf(el, stop) {
    var sig = signature(el), anchors = [];
    for (var node = el.parentElement; node; node = node.parentElement) {
      if (node.id) anchors.push({ id: node.id, index: Array.prototype.indexOf.call(node.querySelectorAll(sig), el) });
      if (node === stop) break;
    }
    return { sig: sig, anchors: anchors };
  }

  function usable(el) {
    return !el.disabled && el.getClientRects().length > 0 && !el.closest("[inert]");
  }

  function findAgain(place) {
    for (var i = 0; i < place.anchors.length; i++) {
      var anchor = document.getElementById(place.anchors[i].id);
      if (!anchor) continue;
      var match = anchor.querySelectorAll(place.sig)[place.anchors[i].index];
      if (match && usable(match)) return match;
      if (match) {  // there, but disabled now (a "−" with no dot left to take back): its nearest neighbour
        var all = Array.prototype.slice.call(anchor.querySelectorAll(FOCUSABLE)), at = all.indexOf(match);
        var after = all.slice(at + 1).filter(usable)[0], before = all.slice(0, at).filter(usable).pop();
        if (after || before) return after || before;
      }
    }
    return null;
  }

  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target, active = document.activeElement;
    if (!event.detail.shouldSwap || !target) return;
    kept = active && active !== document.body && target.contains(active) ? placeOf(active, target) : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!kept) return;
    var place = kept, active = document.activeElement;
    kept = null;
    if (active && active !== document.body && active.isConnected) return;  // htmx found it by its id
    var again = findAgain(place) || nearestPart(place);
    if (again) again.focus({ preventScroll: true });
  });

  function nearestPart(place) {  // the control went with the change: the part it was in, rather than <body>
    for (var i = 0; i < place.anchors.length; i++) {
      var anchor = document.getElementById(place.anchors[i].id);
      if (anchor) {
        if (!anchor.matches(FOCUSABLE)) anchor.setAttribute("tabindex", "-1");
        return anchor;
      }
    }
    return null;
  }

  // What changed, read out: a swapped part may say it in data-announce; the room's one polite live region
  // (#announcer) speaks it. Emptied first, so the same words twice are read twice.
  document.addEventListener("htmx:afterSettle", function () {
    var region = document.getElementById("announcer");
    document.querySelectorAll("[data-announce]").forEach(function (el) {
      var text = el.getAttribute("data-announce");
      el.removeAttribute("data-announce");
      if (!region || !text) return;
      region.textContent = "";
      setTimeout(function () { region.textContent = text; }, 150);
    });
  });

  // Popovers made of <details data-popover> (the room's join code) stay open only while in use: a click
  // outside closes them, and Escape closes them and puts focus back on their summary. A dialog opened from
  // one (its confirmation) is part of it.
  document.addEventListener("click", function (event) {
    if (event.target.closest("dialog")) return;
    document.querySelectorAll("details[data-popover][open]").forEach(function (details) {
      if (!details.contains(event.target)) details.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.target.closest("dialog")) return;  // Escape in a dialog closes the dialog
    document.querySelectorAll("details[data-popover][open]").forEach(function (details) {
      var inside = details.contains(document.activeElement) || document.activeElement === document.body;
      details.open = false;
      if (inside) details.querySelector("summary").focus();
    });
  });

  // Forms that do what cannot be undone ask first: <form data-confirm="dialog-id"> opens that <dialog>; its
  // button value="confirm" sends the form, anything else (Cancel, Escape) leaves it, and focus goes back to
  // the button that asked. Without script the form is sent at once; the server acts on POST only.
  document.addEventListener("submit", function (event) {
    var form = event.target, dialog = form.dataset && document.getElementById(form.dataset.confirm || "");
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    var opener = event.submitter || document.activeElement;
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "confirm") {
        form.submit();  // the form itself, without asking again (submit() fires no submit event)
      } else if (opener && opener.isConnected) {
        opener.focus();
      }
    }, { once: true });
    dialog.showModal();
  });

  // A download that starts by itself once htmx has swapped it in: <a href="…" data-auto-download> (the report).
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("a[data-auto-download]:not([data-downloaded])").forEach(function (link) {
      link.setAttribute("data-downloaded", "");
      window.location.assign(link.href);
    });
  });
})();
