"""Every XSS payload, in every field and in bodies, loaded in a real browser: no script runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Site, static_server
from playwright.sync_api import Browser
from test_injection import PAYLOADS, payload_site

from generator.build import build

# Every way a payload could announce itself: a dialog, or a flag its code sets.
TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The payload site, built and served from a real HTTP server on loopback."""
    docroot = tmp_path_factory.mktemp("hostile-docroot")
    with static_server(docroot) as root:
        site = Site(tmp_path_factory.mktemp("hostile") / "site")
        site.write("site.toml", f'title = "XSS"\nbase_url = "{root}"\nper_page = 10\nfeed_limit = 100\n')
        payload_site(site)
        build(site.root, docroot)
        yield root, docroot


def test_no_payload_runs_in_chromium_on_any_page(browser: Browser, hostile: tuple[str, Path]) -> None:
    root, docroot = hostile
    pages = sorted(p.relative_to(docroot).as_posix() for p in docroot.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)  # every article page, and the lists, tags and archives that show them
    context = browser.new_context()
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ran: dict[str, list[str]] = {}
    for path in pages:
        page.goto(root + path, wait_until="load")
        page.wait_for_timeout(20)  # let timers and late handlers (onload, onerror) fire
        if fired := page.evaluate("window.__xss"):
            ran[path] = fired
    context.close()
    assert dialogs == []
    assert ran == {}, f"script ran on {len(ran)} pages: {dict(list(ran.items())[:5])}"
