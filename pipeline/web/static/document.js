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
    if (hint) { hint.hidden = true; }
    var first = document.getElementById("o-" + key);
    if (scroll && first) { first.scrollIntoView({block: "center"}); }
  }
  text.addEventListener("click", function (event) {
    var span = event.target.closest(".ob");
    if (span) {
      select(span.dataset.ob, false);
      history.replaceState(null, "", "#o-" + span.dataset.ob);
    }
  });
  if (location.hash.indexOf("#o-") === 0) { select(decodeURIComponent(location.hash.slice(3)), true); }
})();
