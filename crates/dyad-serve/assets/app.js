// dyad dashboard: the pages work without this script. It shows a loading
// state while a filter form is submitted and marks the page ready for
// tools that wait for it (the browser test reads data-ready).
(function () {
  "use strict";
  var loading = document.getElementById("loading");
  function busy(on) {
    document.body.classList.toggle("loading", on);
    if (loading) { loading.hidden = !on; }
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    // Empty fields are left out of the URL, so shared links stay short.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value === "" && el.tagName !== "BUTTON") { el.disabled = true; }
    });
    busy(true);
  });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (a && a.origin === location.origin && !ev.ctrlKey && !ev.metaKey) { busy(true); }
  });
  // Back/forward restores the page from cache: clear the loading state.
  window.addEventListener("pageshow", function () {
    busy(false);
    Array.prototype.forEach.call(document.querySelectorAll("form [disabled]"), function (el) { el.disabled = false; });
  });
  document.body.setAttribute("data-ready", "1");
})();
