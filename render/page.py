"""The side panel of the HTML page: its markup, style and script.

Kept as Python strings so the package needs no data files. The script reads the
page's JSON (id "sendkg-meta") and pyvis's globals `network`, `nodes` and `edges`;
it only ever puts text into the page with textContent, and builds tooltips from the
escaped markup in each item's `tip` through an inert <template>.
"""

PAGE_CSS = r"""
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif;
  color: #1b1b1b; background: #ffffff; }
.card { position: absolute; left: 300px; right: 0; top: 0; bottom: 0; width: auto !important; }
#mynetwork { position: absolute !important; inset: 0; width: auto !important;
  height: auto !important; float: none !important; border: 0 !important; }
#sk-panel { position: absolute; left: 0; top: 0; bottom: 0; width: 300px; overflow-y: auto;
  box-sizing: border-box; padding: 12px 14px; background: #f6f7f9;
  border-right: 1px solid #d6d9de; font-size: 13px; }
#sk-panel h1 { font-size: 16px; margin: 0 0 4px; line-height: 1.25; }
#sk-panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
  color: #555; margin: 14px 0 6px; }
#sk-count { color: #555; font-size: 12px; }
#sk-search { width: 100%; box-sizing: border-box; padding: 6px 8px; font-size: 13px;
  border: 1px solid #b8bec7; border-radius: 4px; }
#sk-results { list-style: none; margin: 4px 0 0; padding: 0; max-height: 220px;
  overflow-y: auto; }
#sk-results li { padding: 4px 6px; cursor: pointer; border-radius: 3px; }
#sk-results li:hover, #sk-results li:focus { background: #e3e8ef; outline: none; }
#sk-results .sk-type { color: #666; font-size: 11px; }
#sk-types label { display: flex; align-items: center; gap: 6px; padding: 2px 0;
  cursor: pointer; }
.sk-swatch { display: inline-block; width: 16px; height: 12px; border: 2px solid;
  border-radius: 3px; flex: none; }
.sk-swatch.ellipse { border-radius: 50%; } .sk-swatch.rounded { border-radius: 6px; }
.sk-swatch.database { border-radius: 50% / 35%; }
.sk-arrow { display: flex; align-items: center; gap: 6px; padding: 2px 0; font-size: 12px; }
.sk-line { display: inline-block; width: 22px; border-top: 2px solid; flex: none; }
.sk-line.dashed { border-top-style: dashed; }
#sk-details { font-size: 12px; word-wrap: break-word; }
#sk-details .tip b, .vis-tooltip .tip b { display: block; font-size: 13px; margin-bottom: 4px; }
.tip dl { margin: 0; display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr);
  gap: 2px 8px; }
.tip dt { color: #555; } .tip dd { margin: 0; }
.tip dt, .tip dd { overflow-wrap: anywhere; }
div.vis-tooltip { max-width: 420px; white-space: normal !important; font-family: Helvetica,
  Arial, sans-serif !important; font-size: 12px !important; padding: 8px !important;
  background: #ffffff !important; border: 1px solid #9aa3ae !important;
  box-shadow: 0 2px 8px rgba(0,0,0,.2); }
#sk-hint { color: #666; font-size: 11px; margin-top: 14px; }
"""

PANEL_HTML = """<aside id="sk-panel" aria-label="Diagram controls">
  <h1 id="sk-title">{{title}}</h1>
  <div id="sk-count" role="status"></div>
  <h2><label for="sk-search">Find</label></h2>
  <input id="sk-search" type="search" placeholder="Name, alias or id" autocomplete="off">
  <ul id="sk-results" role="listbox" aria-label="Matches"></ul>
  <h2>Show types</h2>
  <div id="sk-types"></div>
  <h2>Arrows</h2>
  <div id="sk-arrows"></div>
  <h2>Details</h2>
  <div id="sk-details">Click a box to see its full name, details and sources.</div>
  <p id="sk-hint">Hover for the full text and sources. Drag to pan, scroll to zoom.</p>
</aside>
"""

PAGE_JS = r"""
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("sendkg-meta").textContent);

  function tipElement(markup) {
    var holder = document.createElement("template");
    holder.innerHTML = markup || "";  /* escaped in Python; a template is inert */
    return document.importNode(holder.content, true).firstElementChild ||
      document.createElement("div");
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: tipElement(n.tip)}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: tipElement(e.tip)}; }));

  var count = document.getElementById("sk-count");
  function showCount() {
    var shown = nodes.get({filter: function (n) { return !n.hidden; }}).length;
    count.textContent = (shown === meta.nodes ? meta.nodes + " entities, " :
      shown + " of " + meta.nodes + " entities shown, ") + meta.edges + " links";
  }

  var details = document.getElementById("sk-details");
  /* Served by the web app, each citation links to its source view (a same-site path). */
  function citationLinks(cites) {
    var list = el("dd");
    cites.forEach(function (cite, i) {
      if (i) { list.appendChild(document.createTextNode(", ")); }
      var href = cite.href || "";
      if (href.charAt(0) !== "/" || href.charAt(1) === "/") {
        list.appendChild(document.createTextNode(cite.text));
        return;
      }
      var link = el("a", cite.text);
      link.setAttribute("href", href);
      list.appendChild(link);
    });
    return list;
  }
  function showDetails(id) {
    var node = nodes.get(id);
    if (!node) { return; }
    details.textContent = "";
    var tip = tipElement(node.tip);
    var cites = node.cites || [];
    if (cites.some(function (c) { return c.href; })) {
      tip.querySelectorAll("dt").forEach(function (term) {
        if (term.textContent === "sources") {
          term.parentNode.replaceChild(citationLinks(cites), term.nextElementSibling);
        }
      });
    }
    details.appendChild(tip);
  }
  function goTo(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.9),
                       animation: {duration: 350, easingFunction: "easeInOutQuad"}});
    showDetails(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  var search = document.getElementById("sk-search");
  var results = document.getElementById("sk-results");
  function runSearch() {
    var query = search.value.trim().toLowerCase();
    results.textContent = "";
    if (!query) { return []; }
    var hits = nodes.get({filter: function (n) {
      return !n.hidden && n.search.indexOf(query) >= 0; }});
    hits.sort(function (a, b) { return a.fullLabel.length - b.fullLabel.length; });
    hits.slice(0, 40).forEach(function (n) {
      var item = el("li", n.fullLabel + " ");
      item.appendChild(el("span", n.type, "sk-type"));
      item.tabIndex = 0;
      item.setAttribute("role", "option");
      item.addEventListener("click", function () { goTo(n.id); });
      item.addEventListener("keydown", function (e) { if (e.key === "Enter") { goTo(n.id); } });
      results.appendChild(item);
    });
    if (!hits.length) { results.appendChild(el("li", "no match")); }
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { var hits = runSearch(); if (hits.length) { goTo(hits[0].id); } }
  });

  var types = document.getElementById("sk-types");
  meta.types.forEach(function (t) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.addEventListener("change", function () {
      var changed = nodes.get({filter: function (n) { return n.type === t.type; }});
      nodes.update(changed.map(function (n) { return {id: n.id, hidden: !box.checked}; }));
      showCount();
      runSearch();
    });
    var swatch = el("span", undefined, "sk-swatch " + t.shape);
    swatch.style.background = t.fill;
    swatch.style.borderColor = t.border;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", t.type + " (" + t.count + ")"));
    types.appendChild(label);
  });

  var arrows = document.getElementById("sk-arrows");
  meta.arrows.forEach(function (a) {
    var row = el("div", undefined, "sk-arrow");
    var line = el("span", undefined, "sk-line" + (a.dashed ? " dashed" : ""));
    line.style.borderTopColor = a.colour;
    row.appendChild(line);
    row.appendChild(el("span", a.words));
    arrows.appendChild(row);
  });

  /* The nodes with no link, framed and captioned as in the static diagrams. */
  network.on("beforeDrawing", function (ctx) {
    var shown = meta.group.ids.filter(function (id) { var n = nodes.get(id);
      return n && !n.hidden; });
    if (!shown.length) { return; }
    var box = shown.map(function (id) { return network.getBoundingBox(id); })
      .reduce(function (a, b) { return {left: Math.min(a.left, b.left),
        right: Math.max(a.right, b.right), top: Math.min(a.top, b.top),
        bottom: Math.max(a.bottom, b.bottom)}; });
    ctx.save();
    ctx.setLineDash([6, 5]);
    ctx.strokeStyle = "#aaaaaa";
    ctx.lineWidth = 1.5;
    ctx.strokeRect(box.left - 18, box.top - 18, box.right - box.left + 36,
                   box.bottom - box.top + 56);
    ctx.fillStyle = "#555555";
    ctx.font = "15px Helvetica, Arial, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(meta.group.caption, (box.left + box.right) / 2, box.bottom + 26);
    ctx.restore();
  });

  /* Open fitted to the canvas (beside the panel), centred on the focus, at a size that
     can be read; an overview too large for that opens on its busiest box. */
  function openingView() {
    var shown = nodes.getIds();
    if (!shown.length) { return; }
    network.fit({nodes: shown, animation: false});
    var fitted = network.getScale();
    var focus = meta.focus.filter(function (id) { return nodes.get(id); });
    var centre, scale;
    if (focus.length) {
      centre = middle(focus);
      scale = Math.max(meta.readable, Math.min(1, scaleAround(centre, shown)));
    } else if (fitted < meta.readable) {
      centre = middle([busiest()]);
      scale = meta.readable;
    } else {
      centre = network.getViewPosition();
      scale = Math.min(1, fitted);
    }
    network.moveTo({position: centre, scale: scale, animation: false});
    if (scale > fitted + 1e-6) {
      document.getElementById("sk-hint").textContent = "Shown at reading size: the " +
        "square button at the bottom right fits the whole diagram. Hover for the full " +
        "text and sources. Drag to pan, scroll to zoom.";
    }
  }
  function middle(ids) {
    var at = network.getPositions(ids), x = 0, y = 0;
    ids.forEach(function (id) { x += at[id].x; y += at[id].y; });
    return {x: x / ids.length, y: y / ids.length};
  }
  function scaleAround(centre, ids) {  /* the zoom showing every box around `centre` */
    var reach = {x: 1, y: 1};
    ids.forEach(function (id) {
      var box = network.getBoundingBox(id);
      reach.x = Math.max(reach.x, centre.x - box.left, box.right - centre.x);
      reach.y = Math.max(reach.y, centre.y - box.top, box.bottom - centre.y);
    });
    var canvas = document.getElementById("mynetwork");
    return Math.min(canvas.clientWidth / (2 * reach.x + 40),
                    canvas.clientHeight / (2 * reach.y + 40));
  }
  function busiest() {
    var links = {};
    edges.get().forEach(function (e) { links[e.from] = (links[e.from] || 0) + 1;
                                       links[e.to] = (links[e.to] || 0) + 1; });
    return nodes.getIds().reduce(function (a, b) {
      return (links[b] || 0) > (links[a] || 0) ? b : a; });
  }

  showCount();
  openingView();
  network.redraw();
  window.sendkgReady = true;
})();
"""
