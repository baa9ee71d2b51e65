// The enterprise page: set a duty's status in place and show its history under its row.
(function () {
  "use strict";
  var dialog = document.getElementById("status-dialog");
  var form = document.getElementById("status-form");

  function showHistory(row, key) {
    var next = row.nextElementSibling;
    if (next && next.classList.contains("history-row")) { next.remove(); }
    return fetch("/obligations/" + encodeURIComponent(key) + "/history", {credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var extra = document.createElement("tr");
        extra.className = "history-row";
        var cell = document.createElement("td");
        cell.colSpan = 4;
        // the server rendered and escaped this fragment
        cell.innerHTML = html;
        extra.appendChild(cell);
        row.after(extra);
      });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".history-toggle");
    if (toggle) {
      event.preventDefault();
      var row = toggle.closest("tr");
      var open = row.nextElementSibling && row.nextElementSibling.classList.contains("history-row");
      if (open) { row.nextElementSibling.remove(); } else { showHistory(row, row.dataset.ob); }
      return;
    }
    var edit = event.target.closest(".edit");
    if (edit && dialog && form) {
      event.preventDefault();
      form.reset();  // the organisation field keeps this page's enterprise (its default value)
      var key = edit.closest("tr").dataset.ob;
      form.elements.obligation.value = key;
      dialog.querySelector(".dialog-key").textContent = key;
      form.querySelector(".form-result").textContent = "";
      dialog.showModal();
    }
    if (event.target.closest(".close-dialog")) { dialog.close(); }
  });

  if (form && dialog) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = form.querySelector(".form-result");
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (data) { return {ok: response.ok, data: data}; });
        })
        .then(function (answer) {
          if (!answer.ok) { result.textContent = answer.data.error || "failed"; result.className = "form-result error"; return; }
          var key = form.elements.obligation.value;
          var row = document.querySelector("tr[data-ob='" + CSS.escape(key) + "']");
          if (row) {
            row.querySelector(".status").textContent = answer.data.status_label;
            showHistory(row, key);
          }
          dialog.close();
        })
        .catch(function () { result.textContent = "network error"; result.className = "form-result error"; });
    });
  }
})();
