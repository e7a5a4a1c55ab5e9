var nodes, edges, network, akg;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("akg-data").textContent);
  // Tooltips arrive as HTML whose article text was escaped when the page was written.
  function withTooltips(items) {
    return items.map(function (item) {
      if (typeof item.title === "string") {
        var tip = document.createElement("div");
        tip.className = "akg-tip";
        tip.innerHTML = item.title;
        item.title = tip;
      }
      return item;
    });
  }
  nodes = new vis.DataSet(withTooltips(data.nodes));
  edges = new vis.DataSet(withTooltips(data.edges).map(function (e) {
    e.base_status = e.status;
    return e;
  }));
  network = new vis.Network(
    document.getElementById("mynetwork"),
    { nodes: nodes, edges: edges },
    JSON.parse(data.options)
  );
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-stabilized", "true");
  });

  var form = document.getElementById("akg-filters");
  var count = document.getElementById("akg-count");
  function checked(name) {
    var values = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      values[box.value] = box.checked;
    });
    return values;
  }
  // An edge is drawn when its relation and status are ticked, both ends' kinds are
  // ticked, and its articles' dates meet the range; a node when its kind is ticked
  // and, if it has relations at all, one of them is drawn.
  // The "as of" slider replays the graph: an edge shows from its first report on, in the
  // state its latest report up to that day gives (dashed when proposed, faded when ended).
  var slider = form.elements.asof, shownDay = document.getElementById("akg-asof");
  var days = slider ? slider.getAttribute("data-days").split(" ") : [];
  function asOf() {
    if (!slider || Number(slider.value) >= days.length) { return ""; }
    return days[Number(slider.value)];
  }
  function stateOn(e, day) {
    if (!day) { return e.base_status; }
    var said = e.base_status;
    (e.history || []).forEach(function (item) {
      if (item[0] <= day && item[1]) { said = item[1]; }
    });
    return ["proposed", "agreed", "ended"].indexOf(said) >= 0 ? said : e.base_status;
  }
  function apply() {
    var kinds = checked("kind"), relations = checked("relation"), statuses = checked("status");
    var from = form.elements.from.value, to = form.elements.to.value, day = asOf();
    if (shownDay) { shownDay.textContent = day || "every date"; }
    var kindOf = {}, linked = {}, shownNode = {};
    nodes.forEach(function (n) { kindOf[n.id] = n.kind; });
    var edgeUpdates = [], shownEdges = 0;
    edges.forEach(function (e) {
      var status = stateOn(e, day);
      var show = relations[e.relation] !== false && statuses[status || ""] !== false &&
        kinds[kindOf[e.from]] !== false && kinds[kindOf[e.to]] !== false &&
        !(from && e.last && e.last < from) && !(to && e.first && e.first > to) &&
        !(day && (!e.first || e.first > day));
      linked[e.from] = linked[e.to] = true;
      if (show) { shownNode[e.from] = shownNode[e.to] = true; shownEdges += 1; }
      var update = { id: e.id };
      if (Boolean(e.hidden) === show) { update.hidden = !show; }
      if (status !== e.status) {
        update.status = status;
        update.dashes = status === "proposed";
        update.color = Object.assign({}, e.color, { opacity: status === "ended" ? data.ended_opacity : 1 });
      }
      if (Object.keys(update).length > 1) { edgeUpdates.push(update); }
    });
    var nodeUpdates = [], shownNodes = 0;
    nodes.forEach(function (n) {
      var show = kinds[n.kind] !== false && (!linked[n.id] || shownNode[n.id] === true);
      if (show) { shownNodes += 1; }
      if (Boolean(n.hidden) === show) { nodeUpdates.push({ id: n.id, hidden: !show }); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    count.textContent = shownNodes + " of " + nodes.length + " entities, " +
      shownEdges + " of " + edges.length + " relations shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();

  var byLabel = {};
  nodes.forEach(function (n) { byLabel[n.label.toLowerCase()] = n.id; });
  document.getElementById("akg-find").addEventListener("change", function (event) {
    var id = byLabel[event.target.value.trim().toLowerCase()];
    if (id !== undefined) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: false });
    }
  });
  akg = { apply: apply };
}());
