// The search page: reads the sharded index that generator/search.py writes (format: generator/search_shard.py).
// A query fetches, per shard and per word or filter, one small bucket file, then the result cards it shows.
"use strict";
(() => {
  const PAGE = 10; // results shown at a time
  const CHUNK = 16; // result cards per file, as search_shard.CHUNK
  const MAX_TERM = 40; // as search_text.MAX_TERM
  const box = document.getElementById("search");
  const manifestUrl = new URL(box.dataset.manifest, window.location.href);
  const siteRoot = new URL("../", manifestUrl);
  const form = box.querySelector("form");
  const status = box.querySelector(".search-status");
  const list = box.querySelector(".search-results");
  const more = box.querySelector(".search-more");
  const files = new Map(); // every file fetched once per page: shard folders never change their content
  let current = 0; // the newest search; an older one that finishes late shows nothing

  // As search_text.terms: lower case, accents removed, runs of letters and digits.
  const terms = (text) =>
    (text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]+/gu) || [])
      .filter((word) => word.length <= MAX_TERM);

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const bucketOf = (term, buckets) => {
    let h = 0x811c9dc5;
    for (const byte of encoder.encode(term)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h % buckets;
  };

  const load = (url, init) => {
    if (!files.has(url)) {
      files.set(url, fetch(url, init).then((response) => {
        if (!response.ok) throw new Error(`${response.status} for ${url}`);
        return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
      }).then((buffer) => new Uint8Array(buffer)));
    }
    return files.get(url);
  };
  const loadJson = async (url, init) => JSON.parse(decoder.decode(await load(url, init)));

  // A bucket: for each term, the articles holding it and those whose title does (gaps, as varints).
  const parseBucket = (bytes) => {
    let pos = 0;
    const varint = () => {
      let n = 0, shift = 0, byte;
      do {
        byte = bytes[pos++];
        n += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      return n;
    };
    const numbers = () => {
      const out = new Array(varint());
      for (let i = 0, last = -1; i < out.length; i++) out[i] = last += varint() + 1;
      return out;
    };
    const entries = new Map();
    while (pos < bytes.length) {
      const length = varint();
      const term = decoder.decode(bytes.subarray(pos, pos + length));
      pos += length;
      entries.set(term, { all: numbers(), title: numbers() });
    }
    return entries;
  };
  const buckets = new Map();
  const lookup = async (shard, term) => {
    const url = new URL(`${shard.folder}/t/${bucketOf(term, shard.buckets)}.idx`, manifestUrl).href;
    if (!buckets.has(url)) buckets.set(url, load(url).then(parseBucket));
    return (await buckets.get(url)).get(term);
  };

  // The articles of one shard that hold every word and match every filter, with their title matches.
  const matchShard = async (manifest, shard, order, words, keys) => {
    const found = await Promise.all(keys.map((key) => lookup(shard, key)));
    if (found.some((entry) => !entry)) return [];
    const removed = new Set(manifest.removed[shard.folder] || []);
    const sets = found.map((entry) => new Set(entry.all));
    const smallest = found.reduce((a, b) => (a.all.length <= b.all.length ? a : b)).all;
    const titles = found.slice(0, words.length).map((entry) => new Set(entry.title));
    return smallest
      .filter((n) => !removed.has(n) && sets.every((set) => set.has(n)))
      .map((n) => ({ shard, order, n, score: titles.filter((set) => set.has(n)).length }));
  };

  const card = async (hit) => {
    const chunk = await loadJson(new URL(`${hit.shard.folder}/d/${Math.floor(hit.n / CHUNK)}.idx`, manifestUrl).href);
    const [url, title, excerpt, date, section] = chunk[hit.n % CHUNK];
    const item = document.createElement("li");
    item.className = "card search-result";
    const heading = item.appendChild(document.createElement("h3"));
    const link = heading.appendChild(document.createElement("a"));
    link.href = new URL(url, siteRoot).href;
    link.textContent = title;
    const meta = item.appendChild(document.createElement("p"));
    meta.className = "meta";
    meta.textContent = [date.slice(0, 10), section].filter(Boolean).join(" · ");
    const text = item.appendChild(document.createElement("p"));
    text.className = "dek";
    text.textContent = excerpt;
    return item;
  };

  const show = async (search, hits, from) => {
    const items = await Promise.all(hits.slice(from, from + PAGE).map(card));
    if (search !== current) return;
    list.append(...items);
    more.hidden = hits.length <= from + PAGE;
    more.onclick = () => show(search, hits, from + PAGE);
  };

  const run = async (manifest) => {
    const search = ++current;
    const params = new URLSearchParams(new FormData(form));
    for (const [name, value] of [...params]) if (!value) params.delete(name);
    window.history.replaceState(null, "", params.size ? `?${params}` : window.location.pathname);
    const text = params.get("q") || "";
    const words = [...new Set(terms(text))];
    const filters = ["section", "tag", "source", "year"].filter((k) => params.get(k)).map((k) => `${k}:${params.get(k)}`);
    list.replaceChildren();
    more.hidden = true;
    if (!words.length && !filters.length) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const keys = [...words, ...filters];
    const perShard = await Promise.all(manifest.shards.map((shard, order) => matchShard(manifest, shard, order, words, keys)));
    if (search !== current) return;
    const hits = perShard.flat().sort((a, b) => b.score - a.score || a.order - b.order || a.n - b.n);
    const what = text.trim() ? `“${text.trim()}”` : "these filters";
    status.textContent = hits.length ? `${hits.length} ${hits.length === 1 ? "result" : "results"} for ${what}` : `No results for ${what}`;
    await show(search, hits, 0);
  };

  const start = async () => {
    const manifest = await loadJson(manifestUrl.href, { cache: "no-cache" });
    const asked = new URLSearchParams(window.location.search);
    for (const select of form.querySelectorAll("select")) {
      const values = manifest.filters[select.name] || [];
      for (const value of select.name === "year" ? [...values].reverse() : values) select.add(new Option(value, value));
      select.value = asked.get(select.name) || "";
      select.addEventListener("change", () => run(manifest));
    }
    form.elements.q.value = asked.get("q") || "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(manifest);
    });
    form.hidden = false;
    form.elements.q.focus();
    await run(manifest);
  };
  start().catch((error) => {
    status.textContent = `Search is not available: ${error.message}`;
  });
})();
