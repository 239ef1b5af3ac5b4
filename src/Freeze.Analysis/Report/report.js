"use strict";
(() => {
  const started = performance.now();
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const svgNs = "http://www.w3.org/2000/svg";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  const entries = data.entries.map((e, i) => ({ i, name: e[0], group: e[1], kind: e[2], stored: e[3], full: e[4], out: e[5] === 1 }));
  const state = { by: "stored", groupBy: "origin" };

  function size(bytes) {
    let value = Math.abs(bytes), unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return unit === 0 ? bytes + " B" : (bytes < 0 ? "-" : "") + value.toFixed(1) + " " + units[unit];
  }

  const ratio = (stored, full) => full === 0 ? "-" : Math.round(100 * stored / full) + " %";

  // Squarified treemap (Bruls, Huizing, van Wijk): rows along the shorter side, each row grown while
  // its worst aspect ratio improves. Items are sorted by value, largest first, and all positive.
  function squarify(items, x, y, w, h, value) {
    const rects = [];
    let rest = items.reduce((sum, item) => sum + value(item), 0);
    let i = 0;
    while (i < items.length && w > 0 && h > 0) {
      if (rest <= 0) rest = items.slice(i).reduce((sum, item) => sum + value(item), 0);
      const side = Math.min(w, h), scale = w * h / rest;
      let j = i, sum = 0, min = Infinity, max = 0, worst = Infinity;
      while (j < items.length) {
        const area = value(items[j]) * scale, s = sum + area;
        const lo = Math.min(min, area), hi = Math.max(max, area);
        const aspect = Math.max(side * side * hi / (s * s), s * s / (side * side * lo));
        if (aspect > worst) break;
        sum = s; min = lo; max = hi; worst = aspect; j++;
      }
      const thick = sum / side;
      let offset = 0;
      for (let k = i; k < j; k++) {
        const length = value(items[k]) * scale / thick;
        rects.push(w >= h
          ? { item: items[k], x, y: y + offset, w: thick, h: length }
          : { item: items[k], x: x + offset, y, w: length, h: thick });
        offset += length;
      }
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
      for (let k = i; k < j; k++) rest -= value(items[k]);
      i = j;
    }
    return rects;
  }

  function node(name, attributes, text) {
    const element = document.createElementNS(svgNs, name);
    for (const key in attributes) element.setAttribute(key, attributes[key]);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  const fit = (text, width, charWidth) => {
    const chars = Math.floor((width - 6) / charWidth);
    return chars >= text.length ? text : chars > 2 ? text.slice(0, chars - 1) + "\u2026" : "";
  };

  function draw() {
    const svg = document.getElementById("treemap");
    const width = Math.max(svg.clientWidth || 0, 320), height = Math.max(svg.clientHeight || 0, 200);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const value = e => state.by === "stored" ? e.stored : e.full;
    const byOrigin = state.groupBy === "origin";
    const groups = (byOrigin ? data.groups : data.kinds).map(name => ({ name, entries: [], total: 0, stored: 0, full: 0 }));
    for (const e of entries) {
      if (e.out || value(e) <= 0) continue;
      const group = groups[byOrigin ? e.group : e.kind];
      group.entries.push(e);
      group.total += value(e);
      group.stored += e.stored;
      group.full += e.full;
    }
    const shown = groups.filter(g => g.total > 0).sort((a, b) => b.total - a.total);
    const picture = document.createDocumentFragment();
    for (const box of squarify(shown, 0, 0, width, height, g => g.total)) {
      const group = box.item;
      const title = `${group.name}\n${group.entries.length} entries, stored ${size(group.stored)} of ${size(group.full)} (${ratio(group.stored, group.full)})`;
      const frame = node("rect", { x: box.x, y: box.y, width: box.w, height: box.h, class: "group-box" });
      frame.appendChild(node("title", {}, title));
      picture.appendChild(frame);
      const pad = box.w > 4 && box.h > 4 ? 1 : 0;
      const top = box.w > 48 && box.h > 30 ? 16 : pad;
      if (top > pad) {
        const label = node("text", { x: box.x + 4, y: box.y + 12, class: "group-label", "data-filter": group.name }, fit(group.name, box.w, 7));
        label.appendChild(node("title", {}, title));
        picture.appendChild(label);
      }
      group.entries.sort((a, b) => value(b) - value(a));
      for (const r of squarify(group.entries, box.x + pad, box.y + top, box.w - 2 * pad, box.h - top - pad, value)) {
        const e = r.item;
        const rect = node("rect", { x: r.x, y: r.y, width: r.w, height: r.h, class: `entry k${e.kind}`, "data-i": e.i });
        rect.appendChild(node("title", {}, `${e.name}\n${data.groups[e.group]} \u00b7 ${data.kinds[e.kind]}\nstored ${size(e.stored)} of ${size(e.full)} (${ratio(e.stored, e.full)})`));
        picture.appendChild(rect);
        if (r.w > 64 && r.h > 14) {
          picture.appendChild(node("text", { x: r.x + 3, y: r.y + 11, class: "entry-label" }, fit(e.name, r.w, 6)));
        }
      }
    }
    svg.replaceChildren(picture);
  }

  const table = document.getElementById("entry-table");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const haystack = rows.map(row => row.textContent.toLowerCase());
  const filter = document.getElementById("filter");
  const shownCount = document.getElementById("shown");

  function applyFilter() {
    const query = filter.value.trim().toLowerCase();
    let count = 0;
    rows.forEach((row, i) => {
      const show = query === "" || haystack[i].includes(query);
      if (row.hidden === show) row.hidden = !show;
      if (show) count++;
    });
    shownCount.textContent = `${count} of ${rows.length}`;
  }

  function showFiltered(text) {
    filter.value = text;
    applyFilter();
    document.getElementById("entries").scrollIntoView();
  }

  let sortColumn = -1, ascending = true;
  function sortBy(column, numeric) {
    ascending = column === sortColumn ? !ascending : !numeric;
    sortColumn = column;
    const key = row => numeric ? Number(row.cells[column].dataset.v) : row.cells[column].textContent.toLowerCase();
    const sorted = rows.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    const fragment = document.createDocumentFragment();
    for (const row of sorted) fragment.appendChild(row);
    body.appendChild(fragment);
  }

  table.tHead.querySelectorAll("th[data-sort]").forEach(th =>
    th.addEventListener("click", () => sortBy(th.cellIndex, th.dataset.sort === "num")));
  filter.addEventListener("input", applyFilter);
  document.addEventListener("click", event => {
    const target = event.target instanceof Element ? event.target : null;
    const filtered = target && target.closest("[data-filter]");
    if (filtered) {
      event.preventDefault();
      showFiltered(filtered.getAttribute("data-filter"));
      return;
    }
    const entry = target && target.closest("rect[data-i]");
    if (entry) {
      if (filter.value) { filter.value = ""; applyFilter(); }
      location.hash = "e-" + entry.getAttribute("data-i");
    }
  });
  document.querySelectorAll("input[name=size-by]").forEach(input =>
    input.addEventListener("change", () => { state.by = input.value; draw(); }));
  document.querySelectorAll("input[name=group-by]").forEach(input =>
    input.addEventListener("change", () => { state.groupBy = input.value; draw(); }));
  let resizing = 0;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(draw, 150); });

  draw();
  applyFilter();
  const drawn = performance.now();
  document.body.dataset.renderMs = (drawn - started).toFixed(1);
  document.body.dataset.readyMs = drawn.toFixed(1);
  document.getElementById("timing").textContent =
    `Drawn in ${(drawn - started).toFixed(0)} ms, ready ${drawn.toFixed(0)} ms after the page was opened.`;
})();
