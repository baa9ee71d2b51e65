// The graph page: zoom with the wheel, pan by dragging; nodes are plain links.
(function () {
  "use strict";
  var svg = document.getElementById("graph");
  if (!svg) { return; }
  var box = svg.viewBox.baseVal;
  var view = {x: box.x, y: box.y, w: box.width, h: box.height};
  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  function point(event) {
    var rect = svg.getBoundingClientRect();
    return {x: view.x + (event.clientX - rect.left) / rect.width * view.w,
            y: view.y + (event.clientY - rect.top) / rect.height * view.h};
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = point(event);
    var factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
    view.x = at.x - (at.x - view.x) * factor;
    view.y = at.y - (at.y - view.y) * factor;
    view.w *= factor;
    view.h *= factor;
    apply();
  }, {passive: false});
  var drag = null;
  var moved = false;
  svg.addEventListener("pointerdown", function (event) {
    drag = {x: event.clientX, y: event.clientY, vx: view.x, vy: view.y};
    moved = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var rect = svg.getBoundingClientRect();
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
    view.x = drag.vx - dx / rect.width * view.w;
    view.y = drag.vy - dy / rect.height * view.h;
    apply();
  });
  window.addEventListener("pointerup", function () { drag = null; });
  // a drag that ends on a node must not open it
  svg.addEventListener("click", function (event) { if (moved) { event.preventDefault(); } }, true);
})();
