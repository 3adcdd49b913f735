/* OverHoop network maps: reads the JSON data island of each map and draws it with vis-network.
   No inline script is needed (Content-Security-Policy: 'self'). Every name is shown as text:
   hover titles become DOM text nodes, because vis-network renders a title string as HTML. */
(function () {
  "use strict";
  window.ohMaps = [];
  // The filters a permalink keeps (each a [data-filter] field of the map's form, when present).
  var FILTERS = ["doelgroep", "bouwsteen", "sector", "community", "steps"];

  function textElement(text) {
    var div = document.createElement("div");
    div.className = "oh-tip";
    div.textContent = text;
    return div;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function readState() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = {};
    params.forEach(function (value, key) { state[key] = value; });
    return state;
  }

  function setupMap(section) {
    var data = JSON.parse(section.querySelector("[data-map-data]").textContent);
    var container = section.querySelector("[data-canvas]");
    var form = section.querySelector("[data-controls]");
    var status = section.querySelector("[data-status]");
    var search = section.querySelector("[data-search]");
    var physics = section.querySelector("[data-physics]");
    var permalink = section.querySelector("[data-permalink]");
    var embed = section.querySelector("[data-embed]");
    var embedded = document.body.classList.contains("oh-embedded");
    if (!data.nodes.length) { section.setAttribute("data-ready", "1"); return; }

    data.nodes.forEach(function (node) { node.title = textElement(node.title); });
    // Edges arrive as [from, to, style] numbers (see viz.maps._compact_edges); one hover text per style.
    var titles = data.edgeStyles.map(function (style) { return textElement(style.title); });
    data.edges = data.edges.map(function (row, i) {
      var style = data.edgeStyles[row[2]];
      return { id: i, from: data.nodes[row[0]].id, to: data.nodes[row[1]].id, color: style.color,
               dashes: style.dashes, arrows: style.arrows, width: style.width, title: titles[row[2]] };
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    var neighbours = {};
    data.edges.forEach(function (edge) {
      (neighbours[edge.from] = neighbours[edge.from] || []).push(edge.to);
      (neighbours[edge.to] = neighbours[edge.to] || []).push(edge.from);
    });
    var focusId = null;
    var entry = { network: network, nodes: nodes, edges: edges, section: section };
    window.ohMaps.push(entry);

    network.on("beforeDrawing", function (ctx) {
      // A white background, so that the PNG export is not transparent.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      ctx.restore();
    });
    network.once("afterDrawing", function () { section.setAttribute("data-ready", "1"); });
    network.on("stabilizationIterationsDone", function () {
      // The simulation never settles on its own for large maps (STACK.md 7.3): stop it.
      network.stopSimulation();
      network.setOptions({ physics: { enabled: false } });
      if (physics) { physics.checked = false; }
    });
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var url = nodes.get(params.nodes[0]).url;
      if (!url) { return; }
      if (embedded) { window.open(url, "_blank", "noopener"); } else { window.location.href = url; }
    });

    function filterValue(name) {
      var field = form.querySelector('[data-filter="' + name + '"]');
      return field ? field.value : "";
    }

    function findNode(query) {
      var q = query.trim().toLowerCase();
      if (!q) { return null; }
      var all = nodes.get();
      var exact = all.filter(function (n) { return n.label.toLowerCase() === q; });
      if (exact.length) { return exact[0]; }
      var partial = all.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; });
      return partial.length ? partial[0] : null;
    }

    function matches(node, doelgroep, bouwsteen, sector, community) {
      if (doelgroep && node.id !== doelgroep && (node.doelgroepen || []).indexOf(doelgroep) < 0) { return false; }
      if (bouwsteen && (node.bouwstenen || []).indexOf(bouwsteen) < 0) { return false; }
      if (sector && node.sector !== sector) { return false; }
      if (community && String(node.community) !== community) { return false; }
      return true;
    }

    function reachable(start, steps) {
      var seen = {};
      seen[start] = true;
      var frontier = [start];
      for (var i = 0; i < steps; i++) {
        var next = [];
        frontier.forEach(function (id) {
          (neighbours[id] || []).forEach(function (other) {
            if (!seen[other]) { seen[other] = true; next.push(other); }
          });
        });
        frontier = next;
      }
      return seen;
    }

    function stateParams() {
      var params = new URLSearchParams();
      FILTERS.forEach(function (name) {
        var value = filterValue(name);
        if (value && value !== "0") { params.set(name, value); }
      });
      if (search.value.trim()) { params.set("q", search.value.trim()); }
      if (physics && physics.checked !== (data.options.physics.enabled === true)) {
        params.set("physics", physics.checked ? "1" : "0");
      }
      return params;
    }

    function remember() {
      var hash = stateParams().toString();
      var url = window.location.pathname + window.location.search + (hash ? "#" + hash : "");
      window.history.replaceState(null, "", url);
      if (permalink) { permalink.href = url; }
      if (embed) {
        var src = new URL(section.getAttribute("data-embed-url"), window.location.href).href + (hash ? "#" + hash : "");
        embed.value = '<iframe src="' + src + '" width="100%" height="640" loading="lazy" title="' +
          document.title.replace(/[<>&"]/g, "") + '"></iframe>';
      }
    }

    function apply() {
      var doelgroep = filterValue("doelgroep"), bouwsteen = filterValue("bouwsteen"), sector = filterValue("sector");
      var community = filterValue("community");
      var steps = parseInt(filterValue("steps") || "0", 10);
      var near = focusId && steps > 0 ? reachable(focusId, steps) : null;
      var updates = [], visible = 0;
      nodes.forEach(function (node) {
        var show = (near ? near[node.id] === true : true) && (node.id === focusId || matches(node, doelgroep, bouwsteen, sector, community));
        if (show) { visible++; }
        if (Boolean(node.hidden) === show) { updates.push({ id: node.id, hidden: !show }); }
      });
      nodes.update(updates);
      status.textContent = format(visible === 1 ? data.strings.visible_one : data.strings.visible, { n: visible });
      remember();
    }

    function highlight(announce) {
      var node = findNode(search.value);
      focusId = node ? node.id : null;
      if (node) {
        network.selectNodes([node.id]);
        network.focus(node.id, { scale: 1.2, animation: { duration: 300 } });
      } else {
        network.unselectAll();
      }
      apply();
      if (announce && search.value.trim()) {
        status.textContent = node ? format(data.strings.found, { label: node.label }) : format(data.strings.not_found, { q: search.value });
      }
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); highlight(true); });
    search.addEventListener("change", function () { highlight(true); });
    form.querySelectorAll("[data-filter]").forEach(function (field) { field.addEventListener("change", apply); });
    if (physics) {
      physics.addEventListener("change", function () {
        network.setOptions({ physics: { enabled: physics.checked, stabilization: { enabled: false } } });
        remember();
      });
    }
    section.querySelector("[data-png]").addEventListener("click", function () {
      var canvas = container.querySelector("canvas");
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = (document.title || "kaart").replace(/[^\w\- ]+/g, "").trim().replace(/\s+/g, "-") + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });

    var state = readState();
    FILTERS.forEach(function (name) {
      var field = form.querySelector('[data-filter="' + name + '"]');
      if (field && state[name]) { field.value = state[name]; }
    });
    if (physics && state.physics) {
      physics.checked = state.physics === "1";
      if (!physics.checked) { network.stopSimulation(); network.setOptions({ physics: { enabled: false } }); }
    }
    if (state.q) { search.value = state.q; highlight(false); } else { apply(); }
  }

  function start() {
    document.querySelectorAll("[data-map]").forEach(setupMap);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
