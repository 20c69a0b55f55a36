// Results as you type: asks /api/search (the same search as `sendkg find`) and lists
// them under the box. Only textContent is ever set, so no label is read as markup.
// Without this script the form submits to /search and the same results come back.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var list = document.getElementById("suggest");
  if (!box || !list || !window.fetch) { return; }
  var timer = null, asked = 0, active = -1;

  function clear() { while (list.firstChild) { list.removeChild(list.firstChild); } }
  function hide() { list.hidden = true; active = -1; }

  function show(results) {
    clear();
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.url;
      var type = document.createElement("span");
      type.className = "stype";
      type.textContent = r.type;
      link.appendChild(type);
      link.appendChild(document.createTextNode(r.label));
      var where = [r.plan, r.area].filter(Boolean).join(" · ");
      if (where) {
        var small = document.createElement("span");
        small.className = "swhere";
        small.textContent = where;
        link.appendChild(small);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    active = -1;
  }

  function ask() {
    var text = box.value.trim();
    if (text.length < 2) { hide(); return; }
    var number = ++asked;
    fetch("/api/search?q=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {results: []}; })
      .then(function (data) { if (number === asked) { show(data.results || []); } })
      .catch(function () { hide(); });
  }

  function move(step) {
    var links = list.querySelectorAll("a");
    if (!links.length) { return; }
    if (active >= 0) { links[active].classList.remove("active"); }
    active = (active + step + links.length) % links.length;
    links[active].classList.add("active");
    links[active].scrollIntoView({block: "nearest"});
  }

  box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Escape") { hide(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("a")[active].href;
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== box) { hide(); }
  });
}());
