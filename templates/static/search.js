// The search page: starts the Pagefind UI and runs the query the header's search box sent as ?q=.
"use strict";
const ui = new PagefindUI({ element: "#search", showImages: false, showSubResults: false, autofocus: true });
// Pagefind's input is labelled only by its title; the page's visible heading names it.
document.querySelector("#search .pagefind-ui__search-input")?.setAttribute("aria-labelledby", "search-heading");
const query = new URLSearchParams(window.location.search).get("q");
if (query) {
  ui.triggerSearch(query);
}
