// Added by `newsarchive serve` to the HTML pages it serves; never written to output/.
// The script element carries the generation the page was served at and the
// address of the server-sent events; every event is the whole state.
(() => {
  const served = Number(document.currentScript.dataset.generation);
  const events = new EventSource(document.currentScript.dataset.events);
  events.addEventListener("state", (message) => {
    const state = JSON.parse(message.data);
    if (state.generation !== served) {
      events.close();
      location.reload();
      return;
    }
    let box = document.getElementById("newsarchive-errors");
    if (!state.errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "newsarchive-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:#2b0a0a;color:#fff;font:15px/1.5 ui-monospace,monospace";
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.textContent = "The build has errors. Fix the file and save: this page updates itself.";
    box.replaceChildren(title, ...state.errors.map((text) => {
      const line = document.createElement("pre");
      line.style.whiteSpace = "pre-wrap";
      line.textContent = text;
      return line;
    }));
  });
})();
