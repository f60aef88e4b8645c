// The search page: starts the Pagefind UI and runs the query the header's search box sent as ?q=.
"use strict";
const ui = new PagefindUI({ element: "#search", showImages: false, showSubResults: false, autofocus: true });
const query = new URLSearchParams(window.location.search).get("q");
if (query) {
  ui.triggerSearch(query);
}
