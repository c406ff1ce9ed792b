/* Klantreis: moving improvements on the impact/effort matrix (workshop step 7). No inline scripts (CSP).
 *
 * The matrix is SVG drawn by the server (journeys/pictures.py). On the room page of people who may edit, its
 * marks carry data-movable; the plot's geometry is on the <svg> (data-plot-left, data-plot-top, data-cell).
 * Dragging a mark snaps it to a cell of the 1–5 grid; the arrow keys move a focused mark one cell. Either way
 * the improvement's own number inputs (its "move" form, the accessible path) are filled in and that form is
 * submitted through htmx, with the CSRF token htmx sends on every request; the server answers with the board
 * redrawn, which htmx swaps in. Nothing is decided here: the server validates and draws.
 */
(function () {
  "use strict";
  if (window.klantreisMatrix) { return; }  // the script may be included again by a swapped page part
  window.klantreisMatrix = true;

  var SVG_NS = "http://www.w3.org/2000/svg";
  var SCALE_MIN = 1, SCALE_MAX = 5;
  var DRAG_THRESHOLD = 4;  // px in SVG units before a press becomes a drag (a click stays a click)
  var KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
  var drag = null;
  var refocus = null;  // the id of the mark to focus again once the redrawn board is in
  var pending = null;  // {item, cell}: a move asked for while the item's previous move was still under way

  function clamp(value) { return Math.max(SCALE_MIN, Math.min(SCALE_MAX, value)); }

  function movableMark(target) {
    var mark = target && target.closest ? target.closest(".pic-matrix-mark[data-movable]") : null;
    return mark && mark.closest("[data-matrix-editable]") ? mark : null;
  }

  function geometry(svg) {
    return {
      left: parseFloat(svg.dataset.plotLeft), top: parseFloat(svg.dataset.plotTop), cell: parseFloat(svg.dataset.cell)
    };
  }

  function toSvg(svg, clientX, clientY) {
    var point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function cellAt(svg, point) {
    var g = geometry(svg);
    return {
      effort: clamp(Math.floor((point.x - g.left) / g.cell) + 1),
      impact: clamp(SCALE_MAX - Math.floor((point.y - g.top) / g.cell))
    };
  }

  function cellCentre(svg, cell) {
    var g = geometry(svg);
    return { x: g.left + (cell.effort - 0.5) * g.cell, y: g.top + (SCALE_MAX - cell.impact + 0.5) * g.cell };
  }

  function markCentre(mark) {
    var circle = mark.querySelector("circle");
    return { x: parseFloat(circle.getAttribute("cx")), y: parseFloat(circle.getAttribute("cy")) };
  }

  function current(mark) {
    return { impact: parseInt(mark.dataset.impact, 10), effort: parseInt(mark.dataset.effort, 10) };
  }

  /* Fill in the improvement's number inputs and submit its form: htmx posts it and swaps in the board. The
     form drops a second submit while one is under way (hx-sync), so a quick second move waits its turn here. */
  function place(mark, cell) {
    var form = document.getElementById("improvement-" + mark.dataset.item + "-move");
    if (!form) { return false; }
    if (form.classList.contains("htmx-request")) {
      pending = { item: mark.dataset.item, cell: cell };
      mark.dataset.impact = cell.impact;
      mark.dataset.effort = cell.effort;
      return true;
    }
    form.elements.impact.value = cell.impact;
    form.elements.effort.value = cell.effort;
    mark.dataset.impact = cell.impact;  // a second arrow key before the answer counts from here
    mark.dataset.effort = cell.effort;
    mark.classList.add("is-moving");
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { window.htmx.trigger(form, "submit"); }
    return true;
  }

  /* The cell under a dragged mark, outlined. */
  function showTarget(svg, cell) {
    var g = geometry(svg);
    var outline = svg.querySelector(".pic-matrix-target");
    if (!outline) {
      outline = document.createElementNS(SVG_NS, "rect");
      outline.setAttribute("class", "pic-matrix-target");
      outline.setAttribute("width", g.cell);
      outline.setAttribute("height", g.cell);
      outline.setAttribute("rx", 6);
      var marks = svg.querySelector(".pic-matrix-marks");
      marks.parentNode.insertBefore(outline, marks);
    }
    outline.setAttribute("x", g.left + (cell.effort - 1) * g.cell);
    outline.setAttribute("y", g.top + (SCALE_MAX - cell.impact) * g.cell);
  }

  function endDrag() {
    if (!drag) { return; }
    var outline = drag.svg.querySelector(".pic-matrix-target");
    if (outline) { outline.parentNode.removeChild(outline); }
    drag.mark.classList.remove("is-dragging");
    drag = null;
  }

  document.addEventListener("pointerdown", function (event) {
    var mark = movableMark(event.target);
    if (!mark || event.button !== 0 || drag) { return; }
    var svg = mark.ownerSVGElement;
    event.preventDefault();  // no text selection, no scrolling while a finger holds a mark
    mark.focus({ preventScroll: true });
    if (mark.setPointerCapture) { mark.setPointerCapture(event.pointerId); }
    drag = { mark: mark, svg: svg, pointerId: event.pointerId, start: toSvg(svg, event.clientX, event.clientY),
             moved: false };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) { return; }
    var point = toSvg(drag.svg, event.clientX, event.clientY);
    var dx = point.x - drag.start.x, dy = point.y - drag.start.y;
    if (!drag.moved && Math.sqrt(dx * dx + dy * dy) < DRAG_THRESHOLD) { return; }
    drag.moved = true;
    drag.mark.classList.add("is-dragging");
    drag.mark.setAttribute("transform", "translate(" + dx + " " + dy + ")");
    showTarget(drag.svg, cellAt(drag.svg, point));
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) { return; }
    var mark = drag.mark, svg = drag.svg;
    if (drag.moved) {
      var cell = cellAt(svg, toSvg(svg, event.clientX, event.clientY));
      var was = current(mark);
      if (cell.impact !== was.impact || cell.effort !== was.effort) {
        // Snap into the middle of the cell at once; the server's drawing follows and sets it out exactly.
        var from = markCentre(mark), to = cellCentre(svg, cell);
        mark.setAttribute("transform", "translate(" + (to.x - from.x) + " " + (to.y - from.y) + ")");
        refocus = mark.id;
        place(mark, cell);
      } else {
        mark.removeAttribute("transform");
      }
    }
    endDrag();
  });

  document.addEventListener("pointercancel", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) { return; }
    drag.mark.removeAttribute("transform");
    endDrag();
  });

  document.addEventListener("keydown", function (event) {
    var mark = movableMark(event.target);
    var step = mark && KEYS[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey) { return; }
    event.preventDefault();  // the arrows move the mark, not the page
    var was = current(mark);
    var cell = { impact: clamp(was.impact + step[0]), effort: clamp(was.effort + step[1]) };
    if (cell.impact === was.impact && cell.effort === was.effort) { return; }
    refocus = mark.id;
    place(mark, cell);
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (refocus) {
      var focused = document.getElementById(refocus);
      refocus = null;
      if (focused) { focused.focus({ preventScroll: true }); }
    }
    if (pending) {
      var next = pending;
      var mark = document.querySelector(".pic-matrix-mark[data-movable][data-item='" + next.item + "']");
      var was = mark && current(mark);
      pending = null;
      if (mark && (was.impact !== next.cell.impact || was.effort !== next.cell.effort)) {
        refocus = document.activeElement === mark ? mark.id : null;
        place(mark, next.cell);
      }
    }
  });
})();
