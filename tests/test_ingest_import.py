"""The import API: idempotency, hand-edit protection, bad files, sources/ state, HTML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.ingest import import_paths, import_sources
from generator.ingest.writer import split

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _meta(path: Path) -> dict:
    parsed = split(path.read_text(encoding="utf-8"))
    assert parsed is not None
    return parsed[0]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    shutil.copyfile(FIXTURES / "wire-story.txt", tmp_path / "sources" / "wire.txt")
    return tmp_path


def test_second_import_is_unchanged_and_makes_no_duplicate(site: Path) -> None:
    raw = site / "sources" / "wire.txt"
    first = import_paths([raw], site)
    second = import_paths([raw], site)
    assert len(first.written) == 1
    assert second.written == [] and second.unchanged == first.written
    assert list((site / "content").rglob("*.md")) == first.written


def test_changed_source_updates_the_same_file_even_when_the_title_changes(site: Path) -> None:
    raw = site / "sources" / "wire.txt"
    [path] = import_paths([raw], site).written
    raw.write_text(raw.read_text(encoding="utf-8").replace("Floods force", "Floods drive"), encoding="utf-8")
    report = import_paths([raw], site)
    assert report.written == [path]
    assert _meta(path)["title"] == "Floods drive thousands from homes in northern Italy"
    assert list((site / "content").rglob("*.md")) == [path]


def test_hand_edited_file_is_kept_unless_forced(site: Path) -> None:
    raw = site / "sources" / "wire.txt"
    [path] = import_paths([raw], site).written
    edited = path.read_text(encoding="utf-8").replace("- Italy", "- Italy\n- Floods")
    path.write_text(edited, encoding="utf-8")

    kept = import_paths([raw], site)
    assert kept.kept_edited == [path] and kept.written == []
    assert path.read_text(encoding="utf-8") == edited

    forced = import_paths([raw], site, force=True)
    assert forced.written == [path]
    assert _meta(path)["tags"] == ["World", "Reuters", "Italy", "Floods"]  # the hand-added tag survives


def test_content_file_without_digest_counts_as_hand_written(site: Path) -> None:
    target = site / "content" / "2025" / "12" / "floods.md"
    target.parent.mkdir(parents=True)
    target.write_text(
        "---\ntitle: Floods\ndate: 2025-12-04\nsource_file: sources/wire.txt\n---\nMine.\n", encoding="utf-8"
    )
    report = import_paths([site / "sources" / "wire.txt"], site)
    assert report.kept_edited == [target]
    assert import_paths([site / "sources" / "wire.txt"], site, force=True).written == [target]
    assert "import_digest" in target.read_text(encoding="utf-8")


def test_same_title_from_another_source_gets_its_own_file(site: Path) -> None:
    shutil.copyfile(site / "sources" / "wire.txt", site / "sources" / "wire-copy.txt")
    report = import_paths([site / "sources"], site)
    assert sorted(path.name for path in report.written) == [
        "floods-force-thousands-from-homes-in-northern-italy-2.md",
        "floods-force-thousands-from-homes-in-northern-italy.md",
    ]


def test_same_long_title_twice_gives_two_published_urls(tmp_path: Path) -> None:
    """A title that fills the slug's length cap: the -2 must survive the cap, or both files claim one URL."""
    title = "Harbour floods the harbour harbour turkiye on 2025 harbour the said minister on the quay"
    (tmp_path / "sources").mkdir()
    for n, body in enumerate(["Water rose over the quay walls overnight.", "Boats were lifted onto the road."]):
        (tmp_path / "sources" / f"raw-{n}.txt").write_text(f"{title}\n\n{body} {body}\n", encoding="utf-8")
    report = import_paths([tmp_path / "sources"], tmp_path)
    assert len(report.written) == 2
    result = build(tmp_path)
    assert result.report.errors == []
    assert len(list((tmp_path / "output").glob("*/*/harbour-*/index.html"))) == 2


def test_bad_files_get_one_message_each_and_the_rest_imports(site: Path) -> None:
    sources = site / "sources"
    (sources / "empty.txt").write_bytes(b"")
    (sources / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (sources / "menu.txt").write_text("Home\nNews\nSport\nWeather\n", encoding="utf-8")
    report = import_paths([sources], site)
    assert sorted(map(str, report.errors)) == [
        "sources/empty.txt: file is empty",
        "sources/image.html: binary file, not a text dump or an HTML page",
        "sources/menu.txt: no article text found (no paragraphs of running text)",
    ]
    assert len(report.written) == 1


def test_missing_and_unsupported_paths_are_reported(site: Path) -> None:
    (site / "notes.pdf").write_bytes(b"%PDF-1.4")
    report = import_paths([site / "nope.txt", site / "notes.pdf"], site)
    assert list(map(str, report.errors)) == [
        "nope.txt: no such file or folder",
        "notes.pdf: not a .txt, .html or .htm file",
    ]


def test_latin1_file_is_decoded(site: Path) -> None:
    text = (FIXTURES / "wire-story.txt").read_text(encoding="utf-8")
    text = text.replace("“", '"').replace("”", '"').replace("•", "-").replace("©", "(c)")
    text = text.replace("Floods force thousands", "Café owners flee as floods force thousands")
    (site / "sources" / "latin.txt").write_bytes(text.encode("latin-1"))
    [path] = import_paths([site / "sources" / "latin.txt"], site).written
    assert _meta(path)["title"] == "Café owners flee as floods force thousands from homes in northern Italy"


def test_writes_leave_no_temporary_files(site: Path) -> None:
    import_paths([site / "sources"], site)
    import_paths([site / "sources"], site, force=True)
    leftovers = [p for p in site.rglob("*") if p.name.startswith(".") and p.suffix == ".tmp"]
    assert leftovers == []


def test_import_sources_imports_once_then_skips(site: Path) -> None:
    (site / "sources" / "empty.txt").write_bytes(b"")
    first = import_sources(site)
    assert len(first.written) == 1 and list(map(str, first.errors)) == ["sources/empty.txt: file is empty"]
    assert (site / ".newsarchive" / "import-state.json").is_file()

    second = import_sources(site)
    assert second.written == [] and second.unchanged == first.written
    assert second.errors == first.errors  # still reported on every build

    raw = site / "sources" / "wire.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("4,000", "5,000"), encoding="utf-8")
    third = import_sources(site)
    assert third.written == first.written


def test_import_sources_reads_nested_folders_and_keys_files_by_their_place(site: Path, tmp_path: Path) -> None:
    """Raw files in folders below sources/ are imported, each named by its path from the site; a linked
    folder is not entered (its files would come twice), a linked file is, named by where it leads."""
    nested = site / "sources" / "2025" / "wires"
    nested.mkdir(parents=True)
    shutil.move(site / "sources" / "wire.txt", nested / "Wire.TXT")
    (site / "sources" / "again").symlink_to(nested)
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    outside.mkdir()
    (outside / "notes.txt").write_bytes(b"")
    (site / "sources" / "linked.txt").symlink_to(outside / "notes.txt")
    (site / "sources" / ".hidden.txt").write_bytes(b"")

    first = import_sources(site)
    assert len(first.written) == 1
    assert _meta(first.written[0])["source_file"] == "sources/2025/wires/Wire.TXT"
    assert [p.message for p in first.errors] == ["file is empty"]  # the linked file; the hidden one is not read
    state = json.loads((site / ".newsarchive" / "import-state.json").read_text(encoding="utf-8"))
    assert sorted(state) == [f"../{outside.name}/notes.txt", "sources/2025/wires/Wire.TXT"]
    assert import_sources(site).unchanged == first.written


def test_an_error_kept_by_an_older_importer_is_still_reported(site: Path) -> None:
    """The state file once kept an error as one "file: message" string; a build must not drop it."""
    (site / "sources" / "empty.txt").write_bytes(b"")
    import_sources(site)
    state_path = site / ".newsarchive" / "import-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    entry = state["sources/empty.txt"]
    entry["error"] = "sources/empty.txt: " + entry.pop("problem")
    state_path.write_text(json.dumps(state), encoding="utf-8")

    assert list(map(str, import_sources(site).errors)) == ["sources/empty.txt: file is empty"]
    assert "error" not in json.loads(state_path.read_text(encoding="utf-8"))["sources/empty.txt"]


def test_html_page_maps_metadata_into_front_matter(tmp_path: Path) -> None:
    raw = tmp_path / "sources" / "harbour.html"
    raw.parent.mkdir()
    shutil.copyfile(FIXTURES / "saved-page.html", raw)
    [path] = import_paths([raw], tmp_path).written
    assert path.relative_to(tmp_path).as_posix() == "content/2025/11/harbour-reopens-after-storm-repairs.md"
    text = path.read_text(encoding="utf-8")
    meta, body = split(text)
    assert meta["title"] == "Harbour reopens after storm repairs"
    assert "\ndate: 2025-11-20T08:15:00+01:00\n" in text
    assert meta["updated"].isoformat() == "2025-11-21T09:00:00+01:00"
    assert meta["section"] == "Local"
    assert "agency" not in meta  # the paper's own name is no wire agency: an agency only from a credit
    assert "Coastal Times" not in meta["tags"]
    assert meta["byline"] == "Ana Costa"
    assert meta["summary"] == "The harbour is open to fishing boats again, three weeks after the storm."
    assert meta["source_url"] == "https://example.org/news/harbour-reopens"
    assert meta["source_file"] == "sources/harbour.html"
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0].startswith("PORTO — The harbour reopened")
    assert "> We lost nearly a month of work, but the boats are going out again tomorrow morning." in paragraphs
    assert "- the lighting on the outer wall\n- the fuel pontoon\n- the slipway for small boats" in paragraphs
    assert "Harbour reopens after storm repairs" not in body
    assert "All rights reserved" not in body and "Privacy" not in body


def test_a_derived_tag_that_slugs_like_an_existing_one_is_not_added_again(tmp_path: Path) -> None:
    """The site gives "New York" and "New-York" one tag page (one slug): the importer keeps one of them too."""
    raw = tmp_path / "sources" / "harbour.html"
    raw.parent.mkdir()
    page = (FIXTURES / "saved-page.html").read_text(encoding="utf-8")
    raw.write_text(page.replace('"Local"', '"New York"').replace(">Local<", ">New York<"), encoding="utf-8")
    [path] = import_paths([raw], tmp_path).written
    assert _meta(path)["section"] == "New York"
    path.write_text(path.read_text(encoding="utf-8").replace("- New York", "- New-York"), encoding="utf-8")

    assert import_paths([raw], tmp_path, force=True).written == [path]
    assert _meta(path)["tags"] == ["New-York"]


def test_places_tagged_from_the_lead_are_those_of_its_first_sentences() -> None:
    """A first "paragraph" of thousands of words is a table or a whole text: a name deep in it is no tag."""
    from generator.ingest.tags import derive_tags

    lead = "A council in Spain approved new cycle lanes on Tuesday. " + "The clerk went home. " * 20 + "Turkey sat."
    assert derive_tags("", "", "Cycle lanes approved", "", lead) == ["Spain"]


def test_a_site_name_in_the_first_h1_gives_way_to_the_headline_in_a_later_one() -> None:
    """Docs sites put their name in an <h1> over the page's own; both are parts of the <title>."""
    from generator.ingest.html import parse_html

    story = "".join(
        f"<p>The evolve tool keeps a shared history of changes that can be rewritten safely, paragraph {n}.</p>"
        for n in range(4)
    )
    page = (
        "<html><head><title>Shared History Guide — evolve tool for Example</title></head><body>"
        "<header><h1>evolve tool for Example</h1></header>"
        '<main><h1>Shared History Guide<a class="headerlink" href="#guide">¶</a></h1>'
        f"{story}</main></body></html>"
    )
    assert parse_html(page).title == "Shared History Guide"


def _html_story(inside: str, after: str = "") -> str:
    story = "".join(
        f"<p>The city council approved three new cycle lanes on Tuesday after a long debate, part {n}.</p>"
        for n in range(4)
    )
    return (
        "<html><head><title>Council approves new cycle lanes</title></head><body><article>"
        "<h1>Council approves new cycle lanes</h1>"
        f"{story}<p>Shop owners on the route{inside} said they were worried about deliveries.</p>{after}"
        "</article></body></html>"
    )


def test_a_hover_card_inside_a_paragraph_is_left_out() -> None:
    """A card of links only (a person's name and other stories) hangs on a link; the sentence goes on."""
    from generator.ingest.html import parse_html

    card = (
        ' and <a href="/p/roe">Jane Roe</a><span class="card"><img src="roe.jpg" alt="">'
        '<a href="/p/roe">Jane Q. Roe</a> <a href="/s/1">Mayor opens the bridge</a> <a href="/p/roe">MORE</a></span>'
    )
    body = parse_html(_html_story(card)).body
    assert "Shop owners on the route and Jane Roe said they were worried about deliveries." in body
    assert "Mayor opens the bridge" not in body


def test_a_list_of_other_stories_and_the_headline_shown_again_are_left_out() -> None:
    from generator.ingest.html import parse_html

    teasers = (
        "<p>You may also like...</p><p>Who will win the city marathon this year?</p>"
        "<p>Harbour plan delayed again by the storm</p>"
        "<p>Council approves new cycle lanes</p>"
    )
    body = parse_html(_html_story("", teasers)).body
    assert "marathon" not in body and "Harbour plan" not in body and "You may also like" not in body
    assert "Council approves new cycle lanes" not in body
    assert body.endswith("said they were worried about deliveries.")


def test_the_date_line_over_the_story_and_a_scripts_names_are_left_out() -> None:
    """The date over the story is the date field; a list of one hyphenated token a line is a stylesheet's
    names ("- medium-wide-browser"), no text. A date line further down (an embedded post's) stays."""
    from generator.ingest.html import parse_html

    head = "<p>December 4, 2025 / 10:32 AM / Updated 2 hours ago</p>"
    names = "<ul><li>narrow-browser-and-phone</li><li>medium-wide-browser</li><li>above-phone</li></ul>"
    post = "<p>— Jane Roe (@janeroe) December 3, 2025</p>"
    headline = "<h1>Council approves new cycle lanes</h1>"
    page = _html_story("", post + names).replace(headline, headline + head)
    body = parse_html(page).body
    assert body.startswith("The city council approved")
    assert "browser" not in body and "above-phone" not in body
    assert "(@janeroe) December 3, 2025" in body


def test_a_post_the_story_embeds_is_kept_as_a_quote() -> None:
    from generator.ingest.html import parse_html

    post = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The new lanes open on Monday,'
        " and the first riders are already lining up for them.</p>— Jane Roe (@janeroe) December 3, 2025"
        '</blockquote><script src="widgets.js"></script></div><p>The council said the work would go on.</p>'
    )
    body = parse_html(_html_story("", post)).body
    assert "> The new lanes open on Monday, and the first riders are already lining up for them." in body


def test_a_story_cut_short_goes_on_as_it_moves_to_new_subjects() -> None:
    """The paragraphs after the extractor's last one are the story's while each shares words with the story
    read so far, the paragraphs taken included; a short sentence among them does not end it."""
    from generator.ingest.html import _continued

    body = "\n\n".join(
        [
            "The council approved new cycle lanes for the city centre on Tuesday after a long debate.",
            "The cycle lanes will run along the river and past the station, the council said on Tuesday.",
        ]
    )
    article = [
        *body.split("\n\n"),
        "Shop owners along the river worried that the cycle lanes would block deliveries to their shops.",
        "But the shop owners have two problems.",
        "Deliveries already arrive late, the shop owners said, because lorries cannot park near their shops.",
        "Lorries that cannot park near the shops leave parcels at the depot, where nobody collects them.",
        "Advertisement",
        "Lorries and parcels and depots, nothing of which is about the story.",
    ]
    continued = _continued(body, article).split("\n\n")
    assert continued[2:] == article[2:6]


def test_a_paragraph_at_the_story_end_about_something_else_is_trimmed() -> None:
    """A newsletter's pitch under a long story shares none of its words, as in a text dump."""
    from generator.ingest.html import parse_html

    story = "".join(
        f"<p>The council debated the cycle lanes for the city centre again, and the riders waited, day {n}.</p>"
        for n in range(12)
    )
    pitch = "<p>Get breaking alerts delivered straight into your inbox every weekday morning.</p>"
    page = (
        "<html><head><title>Council debates cycle lanes</title></head><body><article>"
        f"<h1>Council debates cycle lanes</h1>{story}{pitch}</article></body></html>"
    )
    body = parse_html(page).body
    assert "inbox" not in body and body.endswith("day 11.")


def test_a_heading_over_the_story_that_reads_as_a_sentence_is_the_dek() -> None:
    from generator.ingest.html import parse_html

    dek = "<h2>The council approved the lanes after a debate that lasted most of the day.</h2>"
    page = _html_story("").replace("</h1>", "</h1>" + dek)
    article = parse_html(page)
    assert article.subtitle == "The council approved the lanes after a debate that lasted most of the day."
    assert "most of the day" not in article.body


def test_a_heading_that_labels_a_section_stays_in_the_body() -> None:
    from generator.ingest.html import parse_html

    page = _html_story("").replace("</h1>", "</h1><h2>Girls basketball</h2>")
    article = parse_html(page)
    assert article.subtitle == "" and "Girls basketball" in article.body


def test_a_caption_is_kept_whatever_its_class_and_one_with_a_photo_credit_is_left_out() -> None:
    """A caption says what the story shows; one that carries a photo credit is the photo's label, as in a
    text dump. Extractors drop captions by a class such as "caption", so the class must not decide."""
    from generator.ingest.html import parse_html

    figures = (
        '<figure class="photo"><img src="lanes.jpg" alt=""><figcaption class="small caption">'
        "The new lanes along the river path</figcaption></figure>"
        '<figure><img src="mayor.jpg" alt=""><figcaption>The mayor opens the first lane on Tuesday. '
        "Jane Roe / AP</figcaption></figure>"
    )
    body = parse_html(_html_story("", figures + "<p>The council said the work would go on.</p>")).body
    assert "The new lanes along the river path" in body
    assert "mayor" not in body and "AP" not in body


def test_a_teaser_card_whose_paragraph_sits_inside_its_link_is_left_out() -> None:
    """A card of another story wraps its blurb in the card's link; a story's paragraph holds its links."""
    from generator.ingest.html import parse_html

    story = "<br><br>".join(
        f"The city council approved three new cycle lanes on Tuesday after a long debate, part {n}." for n in range(4)
    )
    card = (
        '<div id="side"><h3>Guides</h3><ul><li><a href="/guides/night-buses">Night buses</a><div class="text">'
        '<a href="/guides/night-buses"><p>Night buses now run every twenty minutes on the main routes, and a new'
        " app shows where each bus is.</p></a></div></li></ul></div>"
    )
    page = (
        "<html><head><title>Council approves new cycle lanes</title></head><body>"
        '<div class="content"><h1>Council approves new cycle lanes</h1>'
        f'{story}<br><br>Read the <a href="/plan">council\'s plan</a> for the lanes.</div>{card}</body></html>'
    )
    body = parse_html(page).body
    assert "Night buses" not in body
    assert "Read the council's plan for the lanes." in body


def test_a_gallerys_captions_and_photo_credits_are_left_out() -> None:
    """A gallery over the story shows its caption twice (on the slide and in its control bar), each with the
    photo's credit on a line of its own; a story never shows a paragraph twice."""
    from generator.ingest.html import parse_html

    caption = "<p>The mayor rides the first of the new cycle lanes on Tuesday morning.</p>"
    credit = "<p>Photo: Jane Roe, AP</p>"
    gallery = f"<div><div><img src='lane.jpg' alt=''>{caption}{credit}</div><div>{credit}{caption}{credit}</div></div>"
    page = _html_story("").replace("</h1>", "</h1>" + gallery)
    body = parse_html(page).body
    assert "mayor" not in body and "Jane Roe" not in body
    assert body.startswith("The city council approved")


def test_a_list_of_the_storys_tags_is_left_out_and_a_tag_linked_in_a_sentence_stays() -> None:
    from generator.ingest.html import parse_html

    linked = '<p>Riders on the <a href="/tag/river" rel="tag">river path</a> welcomed the new lanes.</p>'
    tags = (
        '<p><strong>Tags<br><a href="/tag/cycling" rel="tag">cycling</a>, <a href="/tag/council" rel="tag">city'
        ' council</a>, <a href="/tag/lanes" rel="tag">cycle lanes</a></strong></p>'
    )
    body = parse_html(_html_story("", linked + tags)).body
    assert "Riders on the river path welcomed the new lanes." in body
    assert "Tags" not in body and "cycling" not in body


def _budget_page(top: str) -> str:
    story = "".join(
        f"<p>{text}</p>"
        for text in (
            "The Senate passed the budget bill late on Tuesday after a long night of debate over roads and schools.",
            "Senators from both parties said the election next year weighed on the vote, which ended a month of talks.",
            "The bill now goes to the House, where leaders said they would take it up next week.",
        )
    )
    headline = "Senate passes the budget bill after a long night"
    return (
        f"<html><head><title>{headline} | Daily News</title><meta property='og:title' content='{headline}'>"
        f"</head><body>{top}<article>{story}</article></body></html>"
    )


def test_the_h1_that_agrees_with_the_declared_headline_wins_over_a_banner_about_the_story() -> None:
    """A banner <h1> over the page shares the story's words; only the headline shares the declared one's."""
    from generator.ingest.html import parse_html

    top = (
        "<h1>Election 2024: live coverage of the Senate budget vote</h1>"
        "<h1>Senate passes the budget bill after a long night</h1>"
    )
    assert parse_html(_budget_page(top)).title == "Senate passes the budget bill after a long night"


def test_a_line_break_in_the_h1_parts_its_words() -> None:
    from generator.ingest.html import parse_html

    top = "<h1>Senate passes the budget bill<br>after a long night</h1>"
    assert parse_html(_budget_page(top)).title == "Senate passes the budget bill after a long night"


def test_a_page_with_no_h1_gives_the_headline_its_h2_shows() -> None:
    """Blog themes set the headline in an <h2>; the declared title is rewritten for search engines, and a
    box's <h2> over it that shares a word with it is not the headline."""
    from generator.ingest.html import parse_html

    page = _budget_page("<h2>Budget news</h2><h2>Senate passes the budget bill after a long night</h2>").replace(
        "content='Senate passes the budget bill after a long night'",
        "content='Senate passes budget bill after long night of debate on roads'",
    )
    assert parse_html(page).title == "Senate passes the budget bill after a long night"


def test_an_h2_that_is_one_part_of_the_page_title_is_the_headline() -> None:
    """With nothing declared but a <title> of several parts ("Headline | Site | Topics"), the <h2> that is
    one of its parts is the headline the reader sees."""
    from generator.ingest.html import parse_html

    page = (
        _budget_page("<h2>Senate passes the budget bill</h2>")
        .replace("<meta property='og:title' content='Senate passes the budget bill after a long night'>", "")
        .replace(
            "<title>Senate passes the budget bill after a long night | Daily News</title>",
            "<title>Senate passes the budget bill | Daily News | Politics | Congress</title>",
        )
    )
    assert parse_html(page).title == "Senate passes the budget bill"


def test_the_titles_of_svg_icons_are_not_part_of_the_pages_title() -> None:
    """An inline <svg> icon has a <title> of its own ("Facebook", "Search"): the page's title is the
    document's <title>, and the headline taken from it where nothing else declares one carries no icon names."""
    from generator.ingest.html import parse_html

    story = "".join(
        f"<p>The city council approved three new cycle lanes on Tuesday after a long debate, part {n}.</p>"
        for n in range(4)
    )
    icon = '<svg viewBox="0 0 9 9"><title>{}</title><path d="M0 0h9v9H0z"/></svg>'
    page = (
        "<html><head><title>Council approves new cycle lanes</title></head><body>"
        f'<nav><a href="/">{icon.format("Search")}</a><a href="/fb">{icon.format("Facebook")}</a></nav>'
        f"<article>{story}</article></body></html>"
    )
    assert parse_html(page).title == "Council approves new cycle lanes"


def _h2_page(over_story: str, declared: str) -> str:
    """A blog-style page: its headline in an <h2> over the story, a subheading inside it, and a title
    declared for search engines in other words."""
    story = "".join(
        f"<p>The city council approved three new cycle lanes on Tuesday after a long debate, part {n}.</p>"
        for n in range(4)
    )
    return (
        f'<html><head><title>{declared}</title><meta property="og:title" content="{declared}"></head><body>'
        f"<main>{over_story}{story}<h2>Cycle lanes and the council's debate</h2>{story}</main></body></html>"
    )


def test_an_h2_headline_over_the_story_wins_over_a_title_reworded_for_search_engines() -> None:
    """The <h2> over the story uses the story's words and shares one with the declared title ("cycle lanes"):
    it is the headline the reader sees, the declared one its rewording; the subheading inside the story
    shares the story's words too, but stands in it."""
    from generator.ingest.html import parse_html

    page = _h2_page("<h2>Council approves new cycle lanes</h2>", "New cycle lanes: what changes for drivers")
    assert parse_html(page).title == "Council approves new cycle lanes"


def test_a_topic_label_over_the_story_that_shares_no_word_with_the_declared_title_is_not_the_headline() -> None:
    from generator.ingest.html import parse_html

    page = _h2_page("<h2>Council debate</h2>", "New cycle lanes: what changes for drivers")
    assert parse_html(page).title == "New cycle lanes: what changes for drivers"
