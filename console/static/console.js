// Refreshes the live part of a page (#live with data-live="1") every few
// seconds while a deployment is in progress, without reloading the page.
(function () {
  function tick() {
    var live = document.getElementById("live");
    if (!live || live.dataset.live !== "1") return;
    fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
      if (fresh) live.replaceWith(fresh);
      setTimeout(tick, 2000);
    }).catch(function () { setTimeout(tick, 5000); });
  }
  setTimeout(tick, 2000);
})();
