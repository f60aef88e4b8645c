"""`serve` end to end: a real server on 127.0.0.1, a real watcher, real files, a browser's requests."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import Site, article, reproducible
from latency import save_to_served
from waiting import DEADLINE, wait_for

from generator.build import Builder
from generator.errors import NewsarchiveError
from generator.live import EVENTS_PATH
from generator.serve import DevServer

REPO = Path(__file__).resolve().parents[1]
A = "/2025/12/a/"
LIVE_SCRIPT = re.compile(rb'<script id="newsarchive-live".*?</script>\n', re.DOTALL)


def _news(site: Site) -> None:
    site.add("a", "Talks open in Baku", "2025-12-04", "First body.", section="World", tags=["Azerbaijan"])
    site.add("b", "Baku hosts summit", "2025-12-01", "Second body.", section="World", tags=["Azerbaijan"])
    site.add("c", "Markets rally", "2025-11-20", "Third body.", section="Business", tags=["Markets"])


@pytest.fixture
def server(site: Site) -> Iterator[DevServer]:
    _news(site)
    dev = DevServer(site.root, port=0)
    dev.start()
    yield dev
    dev.close()


def save(site: Site, rel: str, text: str) -> None:
    """Save as most editors do, through a temp file and a rename, so no build sees a half-written file."""
    temp = site.write(f"{rel}___jb_tmp___", text)
    os.replace(temp, site.root / rel)


@dataclass
class Response:
    status: int
    type: str
    body: bytes
    location: str | None


def get(server: DevServer, path: str) -> Response:
    address = urlsplit(server.url)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=DEADLINE)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return Response(r.status, r.getheader("Content-Type", ""), r.read(), r.getheader("Location"))
    finally:
        conn.close()


def wait_until_served(server: DevServer, path: str, check: Callable[[Response], bool], what: str) -> Response:
    def served() -> Response | None:
        response = get(server, path)
        return response if check(response) else None

    return wait_for(served, what)


class Events:
    """A page's live-reload connection, read line by line as a browser's EventSource would."""

    def __init__(self, server: DevServer) -> None:
        address = urlsplit(server.url)
        self.conn = http.client.HTTPConnection(address.hostname, address.port, timeout=DEADLINE)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> dict:
        name, data = None, None
        while line := self.response.readline().decode():
            if line.startswith("event: "):
                name = line[7:].strip()
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "\n" and data is not None:
                assert name == "state"
                return data
        raise AssertionError("the event stream ended")

    def until(self, check: Callable[[dict], bool]) -> dict:
        while not check(state := self.next()):
            pass  # each read has its own deadline (the socket timeout)
        return state

    def close(self) -> None:
        self.conn.close()


def assert_serves_a_clean_build(server: DevServer, site: Site, tmp_path: Path) -> None:
    """Every file a fresh build of the same site makes is served with the same bytes, and nothing else is there."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    Builder(site.root, clean).build()
    files = {p.relative_to(clean).as_posix(): p for p in clean.rglob("*") if p.is_file()}
    expected = {rel: path.read_bytes() for rel, path in files.items() if reproducible(rel)}
    differences: list[str] = []

    def compare() -> bool:
        differences.clear()
        served = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*") if p.is_file()}
        served = {rel for rel in served if reproducible(rel)}
        differences.extend(f"only in the served output: {rel}" for rel in sorted(served - set(expected)))
        differences.extend(f"missing from the served output: {rel}" for rel in sorted(set(expected) - served))
        for rel, data in expected.items():
            r = get(server, quote("/" + rel))
            if r.status != 200 or LIVE_SCRIPT.sub(b"", r.body) != data:
                differences.append(f"served differently: {rel} ({r.status})")
        return not differences

    try:
        wait_for(compare, "the served site to equal a clean build")
    except AssertionError:
        raise AssertionError(f"the served site differs from a clean build: {differences[:10]}") from None


def test_an_edit_changes_the_served_page(server: DevServer, site: Site, tmp_path: Path) -> None:
    site.add("a", "Talks open in Baku", "2025-12-04", "Edited body.", section="World", tags=["Azerbaijan"])
    wait_until_served(server, A, lambda r: b"Edited body." in r.body, "the edited page")
    assert_serves_a_clean_build(server, site, tmp_path)


def test_an_atomic_save_through_a_rename_is_picked_up(server: DevServer, site: Site, tmp_path: Path) -> None:
    temp = site.write("content/.a.md.tmp", article("Talks open in Baku", "2025-12-04", "Renamed into place."))
    os.replace(temp, site.root / "content/a.md")
    wait_until_served(server, A, lambda r: b"Renamed into place." in r.body, "the page saved by a rename")
    assert_serves_a_clean_build(server, site, tmp_path)


def test_a_raw_source_saved_in_sources_appears_as_an_article(server: DevServer, site: Site, tmp_path: Path) -> None:
    (site.root / "sources").mkdir()
    shutil.copy(REPO / "sources/azerbaijan-uk-defence-ties.txt", site.root / "sources/defence.txt")
    page = "/2025/12/new-page-opened-in-defence-ties-with-uk-azerbaijan/"
    wait_until_served(server, page, lambda r: r.status == 200, "the imported article")
    assert_serves_a_clean_build(server, site, tmp_path)


def test_a_delete_gives_404_and_takes_the_article_off_its_tag_page(
    server: DevServer, site: Site, tmp_path: Path
) -> None:
    assert b"Talks open in Baku" in get(server, "/tags/azerbaijan/").body
    (site.root / "content/a.md").unlink()
    gone = wait_until_served(server, A, lambda r: r.status == 404, "a 404 for the deleted article")
    assert b"Page not found" in gone.body and gone.type.startswith("text/html")
    tag = get(server, "/tags/azerbaijan/").body
    assert b"Talks open in Baku" not in tag and b"Baku hosts summit" in tag
    assert_serves_a_clean_build(server, site, tmp_path)


def test_bad_yaml_keeps_serving_shows_the_error_and_fixing_clears_it(
    server: DevServer, site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = Events(server)
    assert events.next()["errors"] == []
    save(site, "content/a.md", "---\ntitle: Talks open in Baku\ndate: [2025-12-04\n---\nBody.\n")
    errors = events.until(lambda state: state["errors"])["errors"]
    assert len(errors) == 1 and re.search(r"content/a\.md:\d+: invalid YAML", errors[0])
    assert errors[0] in capsys.readouterr().err  # the terminal has it too, with file and line

    assert get(server, "/").status == 200
    opened_now = Events(server)  # a page loaded while the error persists sees it at once
    assert opened_now.next()["errors"] == errors
    opened_now.close()

    site.add("a", "Talks open in Baku", "2025-12-04", "Fixed.", section="World", tags=["Azerbaijan"])
    assert events.until(lambda state: not state["errors"])["errors"] == []
    events.close()
    assert_serves_a_clean_build(server, site, tmp_path)


def test_a_template_error_is_shown_and_the_last_good_site_kept_until_it_is_fixed(
    server: DevServer, site: Site, tmp_path: Path
) -> None:
    events = Events(server)
    events.next()
    before = get(server, A).body
    save(site, "templates/article.html", "{% extends 'base.html' %}\n{% block main %}{{ broken( }}{% endblock %}\n")
    errors = events.until(lambda state: state["errors"])["errors"]
    assert "article.html:2: template error" in errors[0]
    assert get(server, A).body == before

    (site.root / "templates/article.html").unlink()
    events.until(lambda state: not state["errors"])
    events.close()
    assert_serves_a_clean_build(server, site, tmp_path)


def test_a_burst_of_200_files_is_served_whole(site: Site, tmp_path: Path) -> None:
    """How many rebuilds a loaded machine makes of a burst is timing; what a user sees is that
    every file of it is served and the site equals a clean build."""
    _news(site)
    server = DevServer(site.root, port=0)
    server.start()
    try:
        for i in range(200):
            site.add(f"burst/{i:03}", f"Burst story {i:03}", "2025-10-01", tags=["Burst"])
        for i in range(200):
            wait_until_served(server, f"/2025/10/{i:03}/", lambda r: r.status == 200, f"burst story {i}")
        assert_serves_a_clean_build(server, site, tmp_path)
    finally:
        server.close()


def test_articles_in_folders_made_after_serve_started_are_served(server: DevServer, site: Site, tmp_path: Path) -> None:
    """The first file written into a brand-new folder (and one in a folder inside that) is built:
    the watcher may report the folder rather than the file, and the rebuild must read it anyway."""
    site.add("2027/05/first", "First in a new folder", "2025-11-02", tags=["Azerbaijan"])
    wait_until_served(server, "/2025/11/first/", lambda r: r.status == 200, "the new folder's file")
    site.add("2027/05/deeper/second", "Second, one folder deeper", "2025-11-03")
    wait_until_served(server, "/2025/11/second/", lambda r: r.status == 200, "the deeper file")
    assert b"First in a new folder" in get(server, "/tags/azerbaijan/").body
    assert_serves_a_clean_build(server, site, tmp_path)


def test_the_reload_event_reaches_a_connected_page_only_when_files_changed(server: DevServer, site: Site) -> None:
    events = Events(server)
    generation = events.next()["generation"]
    assert f'data-generation="{generation}"'.encode() in get(server, A).body
    text = article("Talks open in Baku", "2025-12-04", "Reloaded.", section="World", tags=["Azerbaijan"])
    save(site, "content/a.md", text)
    assert events.next() == {"generation": generation + 1, "errors": []}
    assert b"Reloaded." in get(server, A).body

    builds = server.builds
    save(site, "content/a.md", text)
    wait_for(lambda: server.builds > builds, "a rebuild after saving the same text")
    assert server.live.status.generation == generation + 1  # no output file changed, so no reload was sent
    events.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
        "/static/..%2f..%2fsecret.txt", "/static/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt",
        "//etc/passwd", "/%2fetc/passwd", "/index.html%00", "/%00", "/leak.txt", "/leakdir/secret.txt",
        "../secret.txt", "*", "/static/", "/" + "n" * 300, "/" + "n/" * 3000,
    ],
)  # fmt: skip
def test_requests_never_leave_output_or_list_folders(server: DevServer, site: Site, path: str) -> None:
    site.write("secret.txt", "TOP SECRET")
    (site.output / "leak.txt").symlink_to(site.root / "secret.txt")
    (site.output / "leakdir").symlink_to(site.root)
    r = get(server, path)
    assert r.status == 404
    assert b"TOP SECRET" not in r.body and b"Page not found" in r.body


def test_content_types(server: DevServer, site: Site) -> None:
    site.write("static/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    wait_until_served(server, "/static/logo.svg", lambda r: r.status == 200, "the new static file")
    expected = {
        "/": "text/html; charset=utf-8",
        A: "text/html; charset=utf-8",
        "/feed.xml": "application/xml",
        "/atom.xml": "application/xml",
        "/sitemap.xml": "application/xml",
        "/feed.json": "application/json",
        "/static/style.css": "text/css; charset=utf-8",
        "/static/logo.svg": "image/svg+xml",
        "/robots.txt": "text/plain; charset=utf-8",
        "/no/such/page/": "text/html; charset=utf-8",
    }
    assert {path: get(server, path).type for path in expected} == expected


def test_html_is_served_with_the_live_script_that_output_never_has(server: DevServer, site: Site) -> None:
    for path, file in (("/", "index.html"), (A, A.strip("/") + "/index.html"), ("/nope", "404.html")):
        served, on_disk = get(server, path).body, (site.output / file).read_bytes()
        assert b'id="newsarchive-live"' in served and b"newsarchive-live" not in on_disk
        assert LIVE_SCRIPT.sub(b"", served) == on_disk
        assert served.index(b"newsarchive-live") < served.rindex(b"</body>")
    for path in ("/feed.xml", "/feed.json", "/static/style.css"):
        assert get(server, path).body == (site.output / path.lstrip("/")).read_bytes()


def test_a_folder_address_without_its_slash_redirects(server: DevServer) -> None:
    r = get(server, "/tags/azerbaijan")
    assert (r.status, r.location) == (301, "/tags/azerbaijan/")


def test_a_busy_port_is_reported_with_what_to_do(site: Site) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        dev = DevServer(site.root, port=busy.getsockname()[1])
        try:
            with pytest.raises(NewsarchiveError, match="choose another with --port"):
                dev.start()
        finally:
            dev.close()


def test_a_missing_site_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NewsarchiveError, match="there is no site folder at"):
        DevServer(tmp_path / "missing")


def test_save_to_served_measures_until_the_new_bytes_are_served(server: DevServer, site: Site) -> None:
    text = article("Talks open in Baku", "2025-12-04", "Measured body.", section="World", tags=["Azerbaijan"])
    url = server.url + A.lstrip("/")
    save_to_served(site.root / "content/a.md", text, url, "Measured body.")
    assert b"Measured body." in get(server, A).body
    # Measuring a change that is already served would time nothing: refused.
    with pytest.raises(ValueError, match="already serves"):
        save_to_served(site.root / "content/a.md", text, url, "Measured body.")


def test_ctrl_c_stops_the_command_cleanly(site: Site, tmp_path: Path) -> None:
    _news(site)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--site", str(site.root), "--port", "0"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            # As from a terminal: a suite started in the background (`make test &`) ignores Ctrl-C, and a
            # child inheriting that would never see the SIGINT this test sends.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        url = wait_for(lambda: re.search(r"Serving (http://127\.0\.0\.1:\d+/)", log.read_text()), "the server")[1]
        address = urlsplit(url)
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=DEADLINE)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=DEADLINE)
    finally:
        proc.kill()
    assert proc.returncode in (0, 130)
    assert "Traceback" not in err
