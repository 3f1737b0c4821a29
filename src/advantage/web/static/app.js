/* Advantage dashboard front end: plain JavaScript, no build step, no outside requests. */
"use strict";

/* Plotly's geo maps fetch a base-map topology from a CDN; register an empty one so only the
   GeoJSON boundaries served by this process are drawn (see advantage.report.maps). */
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
["world_110m", "world_50m", "usa_110m", "usa_50m"].forEach(function (n) {
  window.PlotlyGeoAssets.topojson[n] = window.PlotlyGeoAssets.topojson[n] ||
    { type: "Topology", objects: {}, arcs: [] };
});

(function () {
  const state = {
    lang: localStorage.getItem("advantage.lang") || "en",
    dataset: localStorage.getItem("advantage.dataset") || null,
    messages: {}, datasets: [], uploadLimit: 20, measure: "eci",
  };
  /* The server's token for changes (uploads), delivered in the page (advantage.web.security). */
  const tokenMeta = document.querySelector('meta[name="advantage-token"]');
  const token = tokenMeta ? tokenMeta.content : "";
  const view = document.getElementById("view");
  const errorBox = document.getElementById("error");
  const plotConfig = { displaylogo: false, responsive: true };

  function tr(key, fields) {
    let text = state.messages[key] || key;
    Object.entries(fields || {}).forEach(([k, v]) => { text = text.split("{" + k + "}").join(v); });
    return text;
  }
  function col(name) { return state.messages["col." + name] || name; }
  /* Plotly reads <a href>, <b>, <br> in names, titles and tick labels: escape labels from the
     data so they show as written (advantage.report.safe.plotly_text does the same server-side). */
  function plotlyText(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === "className") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    children.flat().forEach((c) => {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ?
        document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function showError(message) { errorBox.textContent = message; errorBox.hidden = false; }
  function clearError() { errorBox.textContent = ""; errorBox.hidden = true; }

  async function api(path, params) {
    const query = new URLSearchParams();
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== "") query.set(k, v);
    });
    const url = "/api/" + path + (query.toString() ? "?" + query : "");
    const response = await fetch(url);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail ? String(typeof body.detail === "string" ?
      body.detail : JSON.stringify(body.detail)) : tr("web.error"));
    return body;
  }
  const withData = (extra) => Object.assign({ dataset: state.dataset, lang: state.lang }, extra);

  function fmt(value, digits) {
    if (value === null || value === undefined) return "";
    if (typeof value !== "number") return String(value);
    if (Number.isInteger(value)) return value.toLocaleString();
    if (Math.abs(value) >= 1000) return value.toLocaleString(undefined, { maximumFractionDigits: 0 });
    return value.toFixed(digits === undefined ? 3 : digits);
  }

  function table(rows, columns, links) {
    const head = el("tr", {}, columns.map((c) => el("th", {}, col(c))));
    const body = rows.map((row) => el("tr", {}, columns.map((c) => {
      const v = row[c];
      const cls = c === "reason" || c === "related" || c === "detail" ? "reason" : typeof v === "number" ? "num" : null;
      const content = links && links[c] ? el("a", { href: links[c](row) }, fmt(v)) : fmt(v);
      return el("td", { className: cls }, content);
    })));
    return el("table", { className: "data" }, el("thead", {}, head), el("tbody", {}, body));
  }

  function card(label, value) {
    return el("div", { className: "card" }, el("div", { className: "label" }, label),
      el("div", { className: "value" }, value));
  }

  async function chart(name, params) {
    const box = el("div", { className: "panel", "data-chart": name });
    const target = el("div", { className: "chart", id: "chart-" + name });
    view.appendChild(box);
    const data = await api("chart/" + name, withData(params));
    box.append(el("h2", {}, data.heading), el("p", { className: "guide" }, data.guide));
    if (data.note) box.append(el("p", { className: "note" }, data.note));
    box.append(target);
    await Plotly.newPlot(target, data.figure.data, data.figure.layout, plotConfig);
    return target;
  }

  function picker(labelKey, items, selected, onChange, multiple) {
    const select = el("select", { id: "picker", multiple: multiple || null, size: multiple ? 8 : null },
      items.map((it) => el("option", { value: it.id, selected: selected.includes(it.id) || null },
        it.name || it.id)));
    select.addEventListener("change", () => onChange(Array.from(select.selectedOptions).map((o) => o.value)));
    return el("label", { className: "picker" }, tr(labelKey), select);
  }

  const regionHref = (id) => "#/region/" + encodeURIComponent(id);

  /* ------------------------------------------------------------------ pages */
  const pages = {
    async overview() {
      const info = state.datasets.find((d) => d.name === state.dataset) || {};
      const years = info.first !== null && info.first !== undefined ? info.first + "–" + info.last : "–";
      view.appendChild(el("div", { className: "card-row" },
        card(tr("web.summary.regions"), info.regions), card(tr("web.summary.activities"), info.activities),
        card(tr("web.summary.years"), years)));
      const measure = state.measure || "eci";
      const map = await api("map", withData({ measure: measure }));
      const chooser = el("select", { id: "map-measure" }, ["eci", "diversity", "coi", "value"].map(
        (m) => el("option", { value: m, selected: m === measure || null }, col(m))));
      chooser.addEventListener("change", () => { state.measure = chooser.value; render(); });
      const box = el("div", { className: "panel", "data-chart": "map" },
        el("h2", {}, map.heading), el("p", { className: "guide" }, map.guide));
      view.appendChild(box);
      if (map.available) {
        const target = el("div", { className: "chart", id: "chart-map" });
        box.append(el("label", { className: "picker" }, tr("web.show"), chooser), target);
        await Plotly.newPlot(target, map.figure.data, map.figure.layout, plotConfig);
      } else {
        box.appendChild(el("p", { className: "note" }, tr("web.map.none")));
      }
      const regions = (await api("regions", withData())).regions.slice()
        .sort((a, b) => (b.eci ?? -1e9) - (a.eci ?? -1e9));
      view.appendChild(el("div", { className: "panel" }, el("h2", {}, tr("web.summary.regions")),
        table(regions, ["name", "value", "diversity", "eci", "coi"], { name: (r) => regionHref(r.id) })));
    },

    async region(arg) {
      const regions = (await api("regions", withData())).regions;
      const id = arg || (regions[0] && regions[0].id);
      view.appendChild(picker("web.choose_region", regions, [id], (v) => go("region/" + encodeURIComponent(v[0]))));
      const profile = await api("region/" + encodeURIComponent(id), withData());
      const s = profile.summary;
      view.appendChild(el("h2", { id: "region-name" }, tr("web.region.profile", { region: profile.name })));
      view.appendChild(el("div", { className: "card-row" },
        card(col("value"), fmt(s.value)), card(col("diversity"), fmt(s.diversity, 0)),
        card(col("eci"), fmt(s.eci, 2) + (s.eci_rank ? " (#" + s.eci_rank + "/" + s.regions + ")" : "")),
        card(col("coi"), fmt(s.coi, 2))));
      for (const name of ["quadrant", "space", "eci", "shiftshare"]) await chart(name, { regions: id });
      const strong = profile.advantages.filter((r) => r.lq >= 1).slice(0, 20)
        .map((r) => Object.assign({}, r, { class: r.class_label, activity: r.activity_name || r.activity }));
      view.appendChild(el("div", { className: "panel" }, el("h2", {}, tr("report.top_advantages")),
        table(strong, ["activity", "class", "lq", "share_of_region", "growth_vs_nation", "reason"])));
    },

    async activity(arg) {
      const list = (await api("activities", withData())).activities;
      const id = arg || (list[0] && list[0].id);
      view.appendChild(picker("web.choose_activity", list, [id], (v) => go("activity/" + encodeURIComponent(v[0]))));
      const profile = await api("activity/" + encodeURIComponent(id), withData());
      const s = profile.summary;
      view.appendChild(el("h2", {}, tr("web.activity.profile", { activity: profile.name || profile.id })));
      view.appendChild(el("div", { className: "card-row" }, card(col("value"), fmt(s.value)),
        card(col("ubiquity"), fmt(s.ubiquity, 0)), card(col("pci"), fmt(s.pci, 2))));
      const rows = profile.regions.map((r) => Object.assign({}, r, { region: r.region_name, class: r.class_label }));
      view.appendChild(el("div", { className: "panel" }, el("h2", {}, tr("web.activity.where")),
        table(rows, ["region", "class", "lq", "value", "share_of_region", "growth_vs_nation"])));
      if (profile.series.length > 1) {
        const target = el("div", { className: "chart", id: "chart-activity-series" });
        view.appendChild(el("div", { className: "panel" }, target));
        await Plotly.newPlot(target, [{ x: profile.series.map((p) => p.time), y: profile.series.map((p) => p.value),
          mode: "lines+markers", name: plotlyText(profile.name || profile.id) }], { title: { text: plotlyText(profile.name || profile.id) }, height: 320,
          xaxis: { title: { text: col("time") } }, yaxis: { title: { text: col("value") } } }, plotConfig);
      }
    },

    async opportunities(arg) {
      const regions = (await api("regions", withData())).regions;
      const id = arg || (regions[0] && regions[0].id);
      view.appendChild(picker("web.choose_region", regions, [id], (v) => go("opportunities/" + encodeURIComponent(v[0]))));
      await chart("opportunities", { regions: id });
      const data = await api("opportunities", withData({ region: id, top: 20 }));
      const named = data.rows.map((r) => Object.assign({}, r, { activity: r.activity_name || r.activity }));
      view.appendChild(el("div", { className: "panel" }, el("h2", {}, tr("report.top_opportunities")),
        table(named, ["rank", "activity", "score", "feasibility", "strategic_value", "pci", "reason"])));
    },

    async peers(arg) {
      const regions = (await api("regions", withData())).regions;
      const id = arg || (regions[0] && regions[0].id);
      view.appendChild(picker("web.choose_region", regions, [id], (v) => go("peers/" + encodeURIComponent(v[0]))));
      const data = await api("peers", withData({ region: id }));
      view.appendChild(el("h2", { id: "peers-name" }, tr("web.peers.of", { region: data.name, peers: data.peers.join(", ") })));
      view.appendChild(el("p", { className: "guide" }, tr("web.peers.help")));
      if (data.note) view.appendChild(el("p", { className: "note" }, data.note));
      await chart("pswot", { regions: id });
      const rows = data.rows.map((r) => Object.assign({}, r, { activity: r.activity_name || r.activity, pswot: r.pswot_label }));
      view.appendChild(el("div", { className: "panel", id: "peers-table" }, el("h2", {}, tr("report.top_pswot")),
        table(rows, ["activity", "pswot", "relative_presence", "fit", "growth_vs_peers", "reason"])));
    },

    async portfolio(arg) {
      const regions = (await api("regions", withData())).regions;
      const id = arg || (regions[0] && regions[0].id);
      view.appendChild(picker("web.choose_region", regions, [id], (v) => go("portfolio/" + encodeURIComponent(v[0]))));
      view.appendChild(el("p", { className: "guide" }, tr("web.portfolio.help")));
      await chart("portfolio", { regions: id });
      const data = await api("portfolio", withData({ region: id }));
      if (data.note) view.appendChild(el("p", { className: "note" }, data.note));
      const rows = data.rows.map((r) => Object.assign({}, r, { activity: r.activity_name || r.activity, cluster_hub: r.cluster_hub_name || r.cluster_hub }));
      view.appendChild(el("div", { className: "panel", id: "portfolio-table" }, el("h2", {}, tr("report.portfolio")),
        table(rows, ["rank", "activity", "feasibility", "attractiveness", "cluster", "cluster_hub", "reason"])));
    },

    async diagnostics(arg) {
      const regions = (await api("regions", withData())).regions;
      const id = arg || (regions[0] && regions[0].id);
      view.appendChild(picker("web.choose_region", regions, [id], (v) => go("diagnostics/" + encodeURIComponent(v[0]))));
      view.appendChild(el("p", { className: "guide" }, tr("report.quality.guide")));
      const data = await api("diagnostics", withData({ region: id }));
      const latest = data.latest.map((r) => Object.assign({}, r, { check: r.check_label, verdict: r.verdict_label }));
      view.appendChild(el("div", { className: "panel", id: "checks-table" }, el("h2", {}, tr("report.quality.checks")),
        table(latest, ["check", "value", "verdict", "detail"])));
      if (data.rank) {
        view.appendChild(el("div", { className: "card-row" },
          card(col("eci"), fmt(data.rank.eci, 2)),
          card(col("rank"), fmt(data.rank.rank, 0) + " [" + fmt(data.rank.rank_low, 0) + "–" + fmt(data.rank.rank_high, 0) + "]")));
      }
      const stable = data.stability.map((r) => Object.assign({}, r, { list: r.list_label, activity: r.activity_name || r.activity }));
      view.appendChild(el("div", { className: "panel", id: "stability-table" },
        el("h2", {}, tr("report.quality.stability") + " · " + data.name),
        table(stable, ["list", "rank", "activity", "stability", "reason"])));
      const history = data.checks.map((r) => Object.assign({}, r, { check: r.check_label, verdict: r.verdict_label }));
      view.appendChild(el("div", { className: "panel" }, el("h2", {}, tr("web.diagnostics.history")),
        table(history, ["time", "check", "value", "verdict"])));
    },

    async transfer() {
      view.appendChild(el("p", { className: "guide" }, tr("web.transfer.help")));
      const data = await api("transfer", withData({ top: 100 }));
      if (data.note) {
        view.appendChild(el("p", { className: "note" }, tr("report.no_data", { reason: tr(data.note) })));
        return;
      }
      const rows = data.rows.map((r) => Object.assign({}, r, { destination: r.destination_name,
        activity: r.activity_name || r.activity }));
      view.appendChild(el("div", { className: "panel", "data-chart": "transfer" },
        el("h2", {}, tr("chart.transfer.title")), el("p", { className: "guide" }, tr("guide.transfer")),
        table(rows, ["activity", "source", "destination", "rank", "score", "density", "lq", "reason"])));
    },

    async compare(arg) {
      const regions = (await api("regions", withData())).regions;
      const chosen = arg ? arg.split(",").map(decodeURIComponent) : regions.slice(0, 2).map((r) => r.id);
      view.appendChild(el("p", { className: "guide" }, tr("web.compare.help")));
      view.appendChild(picker("web.choose_regions", regions, chosen,
        (v) => { if (v.length) go("compare/" + v.map(encodeURIComponent).join(",")); }, true));
      const data = await api("compare", withData({ regions: chosen.join(",") }));
      const rows = data.summary.map((r) => Object.assign({}, r, { region: r.region_name }));
      view.appendChild(el("div", { className: "panel" }, table(rows, ["region", "value", "diversity", "eci", "coi"])));
      const top = data.lq.slice().sort((a, b) => Math.max(...b.lq.map((v) => v || 0)) - Math.max(...a.lq.map((v) => v || 0))).slice(0, 25);
      const target = el("div", { className: "chart", id: "chart-compare" });
      view.appendChild(el("div", { className: "panel", "data-chart": "compare" }, el("h2", {}, col("lq")), target));
      await Plotly.newPlot(target, data.names.map((name, i) => ({ type: "bar", name: plotlyText(name),
        x: top.map((r) => plotlyText(r.name || r.activity)), y: top.map((r) => r.lq[i]) })),
      { barmode: "group", height: 460, margin: { b: 160 }, yaxis: { title: { text: col("lq") } } }, plotConfig);
      await chart("similarity", { regions: chosen.join(",") });
    },

    async upload() {
      const status = el("div", { id: "upload-status", className: "upload-error", role: "status" });
      const field = (name, label, required) => el("label", {}, el("span", { className: "field-name" }, label),
        el("input", { type: "text", name: name, id: "upload-" + name, required: required || null }));
      const choice = (name, options) => el("label", {}, el("span", { className: "field-name" }, col(name) || name),
        el("select", { name: name, id: "upload-" + name }, options.map((o) => el("option", { value: o }, o))));
      const form = el("form", { className: "upload panel", id: "upload-form" },
        el("h2", {}, tr("web.upload.title")), el("p", { className: "guide" }, tr("web.upload.help", { limit: state.uploadLimit })),
        el("label", {}, el("span", { className: "field-name" }, tr("web.upload.file")),
          el("input", { type: "file", name: "file", id: "upload-file", accept: ".csv,.xlsx,.xlsm,text/csv", required: true })),
        field("region", col("region"), true), field("activity", col("activity"), true),
        field("value", col("value"), true), field("time", col("time")),
        choice("missing", ["error", "zero"]), choice("duplicates", ["error", "sum"]),
        el("button", { type: "submit", id: "upload-submit" }, tr("web.upload.submit")), status);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        status.className = "upload-error";
        status.textContent = tr("web.loading");
        clearError();
        const response = await fetch("/api/upload", { method: "POST", body: new FormData(form),
          headers: { "X-Advantage-Token": token }, credentials: "same-origin" });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || "");
          status.textContent = tr("web.upload.error") + ": " + detail;
          showError(detail);
          return;
        }
        const d = body.dataset;
        status.className = "ok";
        status.textContent = tr("web.upload.done", { name: d.label, shape: d.periods + " × " + d.regions + " × " + d.activities });
        state.dataset = d.name;
        localStorage.setItem("advantage.dataset", d.name);
        await loadDatasets();
      });
      if (!state.datasets.length) view.appendChild(el("p", { className: "empty" }, tr("web.no_data")));
      view.appendChild(form);
    },
  };

  /* ------------------------------------------------------------------ routing */
  function go(path) { location.hash = "#/" + path; }

  async function render() {
    const [route, ...rest] = (location.hash.replace(/^#\/?/, "") || "overview").split("/");
    const arg = rest.length ? decodeURIComponent(rest.join("/")) : null;
    const name = pages[route] ? route : "overview";
    document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.route === name));
    view.innerHTML = "";
    view.dataset.page = name;
    view.dataset.ready = "0";
    clearError();
    try {
      if (!state.datasets.length && name !== "upload") {
        view.appendChild(el("p", { className: "empty", id: "no-data" }, tr("web.no_data"),
          " ", el("a", { href: "#/upload" }, tr("web.nav.upload"))));
      } else {
        await pages[name](name === "compare" ? (rest.join("/") || null) : arg);
      }
    } catch (err) {
      showError(err.message || String(err));
    }
    view.dataset.ready = "1";
  }

  function translateStatic() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = tr(node.dataset.i18n); });
    document.title = tr("web.title");
  }

  async function loadMessages() {
    state.messages = (await api("i18n", { lang: state.lang })).messages;
    translateStatic();
  }

  async function loadDatasets() {
    const data = await api("datasets");
    state.datasets = data.datasets;
    state.uploadLimit = Math.round(data.upload_limit_mb * 10) / 10;
    if (!state.datasets.some((d) => d.name === state.dataset)) state.dataset = data.default;
    const select = document.getElementById("dataset");
    select.innerHTML = "";
    state.datasets.forEach((d) => select.appendChild(el("option", { value: d.name, selected: d.name === state.dataset || null }, d.label)));
  }

  document.getElementById("lang").addEventListener("change", async (event) => {
    state.lang = event.target.value;
    localStorage.setItem("advantage.lang", state.lang);
    await loadMessages();
    await render();
  });
  document.getElementById("dataset").addEventListener("change", async (event) => {
    state.dataset = event.target.value;
    localStorage.setItem("advantage.dataset", state.dataset);
    await render();
  });
  window.addEventListener("hashchange", render);

  (async function start() {
    document.getElementById("lang").value = state.lang;
    try {
      await loadMessages();
      await loadDatasets();
    } catch (err) {
      showError(err.message || String(err));
    }
    await render();
  })();
})();
