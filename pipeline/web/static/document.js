// The document page: click a highlighted duty to show its fields beside the text.
(function () {
  "use strict";
  var text = document.getElementById("doc-text");
  var hint = document.getElementById("panel-hint");
  if (!text) { return; }
  function select(key, scroll) {
    var panels = document.querySelectorAll(".panel");
    for (var i = 0; i < panels.length; i++) { panels[i].hidden = panels[i].dataset.ob !== key; }
    var spans = text.querySelectorAll(".ob");
    for (var j = 0; j < spans.length; j++) { spans[j].classList.toggle("sel", spans[j].dataset.ob === key); }
    if (hint) { hint.hidden = key !== null; }
    document.body.classList.toggle("duty-selected", key !== null);
    var first = key === null ? null : document.getElementById("o-" + key);
    if (scroll && first) { first.scrollIntoView({block: "center"}); }
  }
  var close = document.querySelector(".close-panel");
  if (close) {
    close.addEventListener("click", function () {
      select(null, false);
      history.replaceState(null, "", location.pathname + location.search);
    });
  }
  text.addEventListener("click", function (event) {
    var span = event.target.closest(".ob");
    if (span) {
      select(span.dataset.ob, false);
      if (window.matchMedia("(max-width: 1000px)").matches) {
        // the panel covers the lower half: keep the chosen duty in the upper part
        window.scrollBy(0, span.getBoundingClientRect().top - window.innerHeight * 0.15);
      }
      history.replaceState(null, "", "#o-" + span.dataset.ob);
    }
  });
  if (location.hash.indexOf("#o-") === 0) { select(decodeURIComponent(location.hash.slice(3)), true); }
})();
