"""Text dumps: what a user sees in the content file after importing a copied page."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.ingest import import_paths
from generator.ingest.headline import headline_candidates
from generator.ingest.story import story_run
from generator.ingest.textlines import read_lines
from generator.ingest.weights import HEADLINE_RULES
from generator.ingest.writer import split

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _import(site: Path, name: str, text: str) -> tuple[dict, str]:
    raw = site / "sources" / name
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(text, encoding="utf-8")
    report = import_paths([raw], site)
    assert not report.errors, report.errors
    [written] = report.written
    parsed = split(written.read_text(encoding="utf-8"))
    assert parsed is not None
    return parsed[0], parsed[1].strip()


def _story(date_line: str, byline: str = "By Jane Doe", last: str = "") -> str:
    return "\n".join(
        [
            "Home",
            "News",
            "Sport",
            "",
            "Council approves new cycle lanes for the city centre",
            byline,
            date_line,
            "",
            "The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day.",
            "",
            "Work on the first lane, along the river, is due to start in the spring and finish before the summer.",
            "",
            "Shop owners on the route said they were worried about deliveries, but most welcomed the plan. " + last,
        ]
    )


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("December 4, 2025", "2025-12-04"),
        ("4 Dec 2025, 10:32 GMT", "2025-12-04T10:32:00+00:00"),
        ("04.12.2025", "2025-12-04"),
        ("2025-12-04T10:32:00+03:00", "2025-12-04T10:32:00+03:00"),
        ("Published 4 December 2025", "2025-12-04"),
        ("Dec. 4, 2025, 9:05 PM UTC / Updated Dec. 5, 2025, 8:00 AM UTC", "2025-12-04T21:05:00+00:00"),
        ("2025년 12월 4일", "2025-12-04"),  # Korean
        ("4 дек 2025", "2025-12-04"),  # a Russian month cut to three letters
        ("04-Dec-2025", "2025-12-04"),
        ("4 Dec, 2025", "2025-12-04"),
        ("Thursday, 4th of December 2025", "2025-12-04"),
        ("04-12-2025 08:30", "2025-12-04T08:30:00"),  # dashes, day first
        ("4. 12. 2025 8:30", "2025-12-04T08:30:00"),  # Czech, Slovak, Slovenian: a space after each dot
        ("12-24-2025", "2025-12-24"),  # month first where the day cannot come first
        ("PUBLISHED THU, DEC 4 2025 4:29 AM EST", "2025-12-04T04:29:00-05:00"),  # a named zone
        ("Updated Dec. 4, 2025 8:21 am ET", "2025-12-04T08:21:00-05:00"),
        ("July 4, 2025 9:00 AM ET", "2025-07-04T09:00:00-04:00"),  # the place's clock: summer time
        ("Kamis, 4 Desember 2025 10:33 WIB", "2025-12-04T10:33:00+07:00"),
        ("Dec 4, 2025 10:00 PM CST", "2025-12-04T22:00:00"),  # China or Chicago: the site's timezone applies
        ("4. marraskuuta 2025", "2025-11-04"),  # Finnish: a month name of eleven letters
        ("4 października 2025", "2025-10-04"),  # Polish: twelve letters
        ("2025. december 4. 10:33", "2025-12-04T10:33:00"),  # Hungarian: the year first
    ],
)
def test_date_forms_news_sites_print(tmp_path: Path, date_line: str, expected: str) -> None:
    meta, _ = _import(tmp_path, "story.txt", _story(date_line))
    assert meta["date"].isoformat() == expected
    assert "date_inferred" not in meta


def test_updated_date_is_kept_apart(tmp_path: Path) -> None:
    meta, _ = _import(tmp_path, "story.txt", _story("Dec. 4, 2025, 9:05 PM UTC / Updated Dec. 5, 2025, 8:00 AM UTC"))
    assert meta["updated"].isoformat() == "2025-12-05T08:00:00+00:00"


def test_written_date_round_trips_as_iso_text(tmp_path: Path) -> None:
    _import(tmp_path, "story.txt", _story("2025-12-04T10:32:00+03:00"))
    [path] = (tmp_path / "content").rglob("*.md")
    assert "\ndate: 2025-12-04T10:32:00+03:00\n" in path.read_text(encoding="utf-8")
    assert path.relative_to(tmp_path).as_posix().startswith("content/2025/12/")


def test_no_date_falls_back_to_file_time_with_a_warning(tmp_path: Path) -> None:
    raw = tmp_path / "sources" / "undated.txt"
    raw.parent.mkdir()
    raw.write_text(_story("Share"), encoding="utf-8")
    report = import_paths([raw], tmp_path)
    assert list(map(str, report.warnings)) == [
        "sources/undated.txt: no date found; using the file's modification time (date_inferred: true)"
    ]
    meta, _ = split(report.written[0].read_text(encoding="utf-8"))
    assert meta["date_inferred"] is True


# Noon UTC on 10 December 2025: the same day in every timezone from UTC-11 to UTC+11.
_SAVED = datetime(2025, 12, 10, 12, 0, tzinfo=UTC).timestamp()


def _import_saved(site: Path, text: str) -> tuple[dict, list[str]]:
    """Import `text` from a file whose modification time is `_SAVED`; its front matter and warnings."""
    raw = site / "sources" / "story.txt"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(text, encoding="utf-8")
    os.utime(raw, (_SAVED, _SAVED))
    report = import_paths([raw], site)
    parsed = split(report.written[0].read_text(encoding="utf-8"))
    assert parsed is not None
    return parsed[0], list(map(str, report.warnings))


@pytest.mark.parametrize(
    ("date_line", "days_before"),
    [("3 days ago", 3), ("Published 1 day ago", 1), ("Yesterday", 1), ("hace 2 días", 2), ("2 weeks ago", 14)],
)
def test_a_relative_date_is_read_against_the_files_time(tmp_path: Path, date_line: str, days_before: int) -> None:
    meta, warnings = _import_saved(tmp_path, _story(date_line))
    saved_day = datetime.fromtimestamp(_SAVED).date()
    assert meta["date"] == saved_day - timedelta(days=days_before)
    assert "date_inferred" not in meta
    assert warnings == []


@pytest.mark.parametrize(
    ("byline", "date_line"),
    [("By Jane Doe • 8h", "Share"), ("By Jane Doe", "2 hrs ago"), ("By Jane Doe / 2 hours", "Share")],
)
def test_a_relative_time_in_hours_gives_the_time(tmp_path: Path, byline: str, date_line: str) -> None:
    meta, _ = _import_saved(tmp_path, _story(date_line, byline=byline))
    hours = 8 if "8h" in byline else 2
    expected = datetime.fromtimestamp(_SAVED, UTC) - timedelta(hours=hours)
    assert meta["date"] == expected
    assert meta["byline"] == "Jane Doe"


def test_an_absolute_date_wins_over_a_relative_update(tmp_path: Path) -> None:
    meta, _ = _import_saved(tmp_path, _story("November 19, 2019 / 12:21 AM / Updated 14 hours ago"))
    assert meta["date"].isoformat() == "2019-11-19"
    assert meta["updated"] == datetime.fromtimestamp(_SAVED, UTC) - timedelta(hours=14)


@pytest.mark.parametrize("line", ["Today", "60 Minutes", "Shares 10K"])
def test_labels_that_look_relative_are_not_dates(tmp_path: Path, line: str) -> None:
    meta, _ = _import_saved(tmp_path, _story(line))
    assert meta["date_inferred"] is True


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe, Senior Correspondent", "Jane Doe"),
        ("BY JOHN SMITH", "JOHN SMITH"),
        ("Jane Doe @janedoe", "Jane Doe"),  # the writer's handle after the name: a byline without "By"
    ],
)
def test_bylines(tmp_path: Path, byline: str, expected: str) -> None:
    meta, body = _import(tmp_path, "story.txt", _story("December 4, 2025", byline=byline))
    assert meta["byline"] == expected
    assert byline not in body


def test_agency_from_closing_credit(tmp_path: Path) -> None:
    meta, _ = _import(tmp_path, "story.txt", _story("December 4, 2025", last="— AP"))
    assert meta["agency"] == "AP"
    assert "AP" in meta["tags"]


def test_agency_from_source_line_is_not_body(tmp_path: Path) -> None:
    meta, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + "\nSOURCE:AA\n")
    assert meta["agency"] == "AA"
    assert "SOURCE" not in body


def test_wire_story_fixture(tmp_path: Path) -> None:
    meta, body = _import(tmp_path, "wire.txt", (FIXTURES / "wire-story.txt").read_text(encoding="utf-8"))
    assert meta["title"] == "Floods force thousands from homes in northern Italy"
    assert meta["subtitle"] == "Rescue teams reach villages cut off by the Po after three days of rain."
    assert meta["section"] == "World"
    assert meta["agency"] == "Reuters"  # from the "MILAN (Reuters) -" dateline
    assert meta["byline"] == "Maria Rossi and John Smith"
    assert meta["tags"] == ["World", "Reuters", "Italy"]
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("MILAN (Reuters) - Floods forced")
    assert "- Piacenza province\n- Cremona province\n- The Po delta near Rovigo" in paragraphs
    assert "> The civil protection agency asked residents to avoid travel until Saturday." in paragraphs
    assert paragraphs[-1].endswith("France and Switzerland have offered help.")


@pytest.mark.parametrize(
    "furniture",
    ["3 min read", "Share", "Tweet", "Copy link", "cookie", "More stories", "Storm closes", "All rights reserved"],
)
def test_wire_story_drops_furniture(tmp_path: Path, furniture: str) -> None:
    _, body = _import(tmp_path, "wire.txt", (FIXTURES / "wire-story.txt").read_text(encoding="utf-8"))
    assert furniture not in body


def test_title_shown_twice_and_explore_list(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "BUSINESS",
            "2 min read",
            "Port strike ends after pay deal",
            "Dock workers accept a 6 percent rise over two years after a week-long walkout.",
            "Port strike ends after pay deal",
            "Cranes stand idle at the container terminal. / Reuters",
            "December 4, 2025",
            "",
            "Dock workers voted on Wednesday to accept a pay deal, ending a strike that stopped the port for a week.",
            "",
            "RECOMMENDED",
            "",
            "The union said the first ships would be unloaded on Thursday morning, clearing the queue by the weekend.",
            "",
            "RelatedExample Times - Shipping rates rise as ports stay closed across the region",
            "Explore",
            "Elections called for the spring in a surprise move by the prime minister",
            "Heatwave breaks records across the south for a third summer running",
        ]
    )
    meta, body = _import(tmp_path, "port.txt", text)
    assert meta["title"] == "Port strike ends after pay deal"
    assert meta["subtitle"].startswith("Dock workers accept")
    assert meta["section"] == "Business"
    assert meta["image_caption"] == "Cranes stand idle at the container terminal. / Reuters"
    assert meta["links"] == [{"title": "Shipping rates rise as ports stay closed across the region"}]
    assert body.split("\n\n") == [
        "Dock workers voted on Wednesday to accept a pay deal, ending a strike that stopped the port for a week.",
        "The union said the first ships would be unloaded on Thursday morning, clearing the queue by the weekend.",
    ]


def test_markup_in_text_stays_text(tmp_path: Path) -> None:
    _, body = _import(
        tmp_path, "story.txt", _story("December 4, 2025", last="Residents can write <script>alert(1)</script> here.")
    )
    assert "<script>" not in body
    assert "&lt;script>" in body


def test_a_date_without_its_year_takes_the_pages_copyright_year(tmp_path: Path) -> None:
    page = _story("Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM") + "\n\n© 2025 The Daily Example\n"
    meta, _ = _import(tmp_path, "story.txt", page)
    assert meta["date"].isoformat() == "2025-11-18T20:19:00"  # "Posted" is the publication, "Updated" the update
    assert meta["updated"].isoformat() == "2025-11-19T09:41:00"
    assert "date_inferred" not in meta


def test_a_month_and_day_in_a_sentence_is_not_the_date(tmp_path: Path) -> None:
    page = _story("Share", last="The vote is on March 3 at 10:00.") + "\n\n© 2025 The Daily Example\n"
    meta, _ = _import(tmp_path, "story.txt", page)
    assert meta["date_inferred"] is True


def test_the_date_in_a_byline_line_is_read(tmp_path: Path) -> None:
    byline = "By Jane Doe | December 4, 2025 -- 10:32 GMT | Topic: Transport"
    page = _story("Share", byline=f"\n{byline}\n")  # set apart, as pages set it under the dek
    meta, body = _import(tmp_path, "story.txt", page)
    assert meta["date"].isoformat() == "2025-12-04"
    assert meta["byline"] == "Jane Doe"
    assert "Jane Doe" not in body


def test_a_posted_by_line_gives_the_date_and_byline(tmp_path: Path) -> None:
    """Blogs print "Posted by <name> on <date> in <category>": more words than a date line, but a byline."""
    page = _story("Share", byline="Posted by Jane Doe on December 4, 2025 in Local News")
    meta, body = _import(tmp_path, "story.txt", page)
    assert meta["date"].isoformat() == "2025-12-04"
    assert meta["byline"] == "Jane Doe"
    assert "Posted by" not in body


def test_a_headline_over_a_dek_of_like_length_is_not_one_wrapped_paragraph(tmp_path: Path) -> None:
    """A browser's copy sets each paragraph on one line: a headline and a dek of like length with no blank
    line between them are two lines, not a paragraph broken at a fixed width."""
    dek = "Three new lanes will run along the river by the end of summer."
    meta, _ = _import(tmp_path, "story.txt", _story("December 4, 2025", byline=dek))
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert meta["subtitle"] == dek


@pytest.mark.parametrize(
    "credit",
    [
        "Jane Doe, DAILY EXAMPLE Published 10:32 a.m. ET Dec. 4, 2025 | Updated 11:00 a.m. ET Dec. 5, 2025",
        "Jane Doe | The Daily Example | Contributing Writer | Dec 4, 2025",
    ],
)
def test_a_date_beside_a_credit_of_many_names_is_the_date(tmp_path: Path, credit: str) -> None:
    """Papers set the author, their title and the paper's name beside the date, apart by "|" or
    "Published": more words than a date line has, but names, not a sentence."""
    meta, body = _import(tmp_path, "story.txt", _story("Share", byline=credit))
    assert meta["date"].isoformat() == "2025-12-04"
    assert "date_inferred" not in meta
    assert credit not in body


def test_a_sentence_around_a_date_is_no_date_line(tmp_path: Path) -> None:
    sentence = "Officials said on December 4, 2025 | that the plan had failed and would be dropped soon"
    meta, _ = _import(tmp_path, "story.txt", _story("Share", byline=sentence))
    assert meta["date_inferred"] is True


_CYCLE_LANES = [
    "The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day.",
    "",
    "Work on the first lane, along the river, is due to start in the spring and finish before the summer.",
    "",
    "Shop owners on the route said they were worried about deliveries, but most welcomed the cycle lanes.",
]  # a story's three paragraphs, under the headline blocks of the tests below


def test_a_label_over_the_headline_is_not_the_headline(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "You are signed in as",
            "",
            "Edit Profile",
            "Entertainment",
            "Council approves new cycle lanes. Shop owners are not so sure.",
            "Updated Dec 5, 9:41 AM; Posted Dec 4, 8:19 PM",
            "",
            *_CYCLE_LANES,
            "",
            "© 2025 The Daily Example",
        ]
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes. Shop owners are not so sure."
    assert meta["date"].isoformat() == "2025-12-04T20:19:00"


def test_interface_text_shaped_like_a_headline_over_the_headline_is_not_the_headline(tmp_path: Path) -> None:
    """Banners over the headline have a headline's shape (some words, no closing stop) but say nothing the story
    says, and no date or byline follows them."""
    text = "\n".join(
        [
            "We use cookies to improve your experience on our site",
            "Accept all",
            "",
            "Sign up for our newsletter and never miss a story",
            "Sign in to save articles and manage your account",
            "",
            "Council approves new cycle lanes for the city centre",
            "By Jane Doe",
            "December 4, 2025",
            "",
            *_CYCLE_LANES,
        ]
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert meta["date"].isoformat() == "2025-12-04"


def test_every_headline_candidate_has_a_value_for_each_rule_and_no_other() -> None:
    """eval/train_headline.py fits the weights on these features, in the table's order."""
    lines = read_lines(_story("December 4, 2025"))
    start, end = story_run(lines)
    candidates = headline_candidates(lines, start, end)
    assert candidates
    for _, features in candidates:
        assert set(features) == set(HEADLINE_RULES)


def test_share_buttons_and_a_caption_between_dek_and_date_leave_the_headline_its_date(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Link externo, abre página no Instagram",
            "Conselho aprova novas ciclovias no centro da cidade",
            "Na ocasião, o conselho da cidade aprovou três ciclovias depois de um longo debate",
            " Copiar link",
            "O conselho da cidade durante a votação de terça-feira - João Silva/Folhapress",
            "21.dez.2018 às 12h55",
            "",
            "Na ocasião, o conselho da cidade aprovou três novas ciclovias na terça-feira, depois de um longo debate.",
            "",
            "As obras da primeira ciclovia, ao longo do rio, começam na primavera e terminam antes do verão.",
            "",
            "Os comerciantes da rota disseram que temem pelas entregas, mas a maioria aprovou as ciclovias no centro.",
        ]
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Conselho aprova novas ciclovias no centro da cidade"


def test_a_headline_right_over_its_byline_is_not_joined_to_it(tmp_path: Path) -> None:
    text = _story("").replace("By Jane Doe\n", "Jane Doe @janedoe / 2 days\n")
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"


def test_photo_captions_and_their_credits_leave_the_body(tmp_path: Path) -> None:
    caption = "In this photograph, a long row of bicycles waits at a rack by the river in the city centre."
    text = _story("December 4, 2025").replace(
        "\nThe city council approved",
        f"\n{caption}\nPhoto: Jane Roe / Associated Press\n\n{caption}\nPhoto: Jane Roe / Associated Press\n\n"
        "A cyclist rides past the town hall. (AP Photo/Jane Roe)\n\nThe city council approved",
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert body.startswith("The city council approved")
    assert "Photo" not in body


@pytest.mark.parametrize("credit", ["(Photo by John Smith/Daily Example)", "(Photo courtesy of the City Council)"])
def test_a_caption_under_the_headline_credited_in_words_is_the_caption(tmp_path: Path, credit: str) -> None:
    caption = f"Cyclists ride along the river path in the city centre on Monday. {credit}"
    meta, body = _import(tmp_path, "story.txt", _story("December 4, 2025", byline=f"{caption}\nBy Jane Doe"))
    assert meta["image_caption"] == caption
    assert "subtitle" not in meta
    assert credit not in body


def test_a_long_caption_whose_credit_is_labelled_leaves_the_body(tmp_path: Path) -> None:
    diagram = (
        "Plan of the new lanes: (1) the river road, (2) the bridge, (3) the old town, (4) the station. "
        + "Each lane is two metres wide and kept apart from the road by a low kerb and a row of planters. " * 5
        + "Credit: City Council"
    )
    still = "Cyclists in an old film about the city, shown at the council meeting. Credit: 20th Century Fox"
    text = _story("December 4, 2025").replace(
        "\nWork on the first lane", f"\n{diagram}\n\n{still}\n\nWork on the first lane"
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert "Credit" not in body
    assert "Work on the first lane" in body


def test_a_headline_quoted_by_its_share_button_beats_its_dek(tmp_path: Path) -> None:
    headline = "Council approves new cycle lanes for the city centre"
    dek = "Three new lanes will run along the river and through the old town by summer"
    text = _story("").replace(
        f"{headline}\nBy Jane Doe\n",
        f"{headline}\nNew, 15 comments\n\n{dek}\nBy Jane Doe\nDecember 4, 2025\n\n"
        f"Share All sharing options for: {headline}\n",
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == headline


def test_a_writers_name_and_job_title_over_the_date_are_not_the_headline(tmp_path: Path) -> None:
    """The writer's credit on short lines of its own between the headline and the date ("Jane Doe" /
    "Transport Editor"), under a list of other headlines: the date still marks the headline block."""
    headline = "Council approves new cycle lanes for the city centre"
    teasers = "Mayor opens the new bridge to traffic\nMarket traders welcome longer hours on Sundays"
    text = _story("December 4, 2025").replace(
        "Home\nNews\nSport\n\n" + f"{headline}\nBy Jane Doe\n",
        f"Home\nNews\n{teasers}\n{headline}\nJane Doe\nTransport Editor\n",
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == headline


def test_a_list_the_story_announces_stays_in_the_body(tmp_path: Path) -> None:
    places = ["Riverside Park, North Gate", "Old Town Square, East Side", "Station Road, West End"]
    text = _story("December 4, 2025") + "\n\nThe first lanes will open at these places:\n" + "\n".join(places)
    _, body = _import(tmp_path, "story.txt", text + "\n\nHome\nContact\nAbout us\nJobs")
    assert all(place in body for place in places)
    assert "Contact" not in body


def test_a_dense_block_after_a_story_set_one_paragraph_a_block_is_not_the_story(tmp_path: Path) -> None:
    paragraphs = [
        "The council said the first lane would open along the river before the end of the spring.",
        "Engineers will close one side of the road for six weeks while the lane is built.",
        "The second and third lanes are due in the summer, once the bridge repairs are finished.",
        "Cyclists' groups welcomed the plan but asked for more parking for bicycles in the centre.",
    ]
    teasers = [
        "The strange life of a lighthouse keeper who never saw the sea",
        "How a small bakery became the busiest shop in the valley",
        "Why the old railway bridge is painted a different colour each year",
        "Jane Doe is a reporter covering transport, housing and local politics for the paper since 2015.",
    ]
    text = (
        _story("December 4, 2025") + "\n\n" + "\n\n".join(paragraphs) + "\n\nMore Great Stories\n" + "\n".join(teasers)
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert paragraphs[-1] in body
    assert not any(teaser in body for teaser in teasers)


_LANE_PARAGRAPHS = [
    "The council said the first lane would open along the river before the end of the spring.",
    "Engineers will close one side of the river road for six weeks while the first lane is built.",
    "The second and third lanes are due in the summer, once the council finishes the bridge repairs.",
    "Cyclists' groups welcomed the lanes but asked the council for more parking for bicycles in the centre.",
    "Shop owners on the river road said the council had not told them when the road would close.",
    "The council said it would write to every shop on the river road before the engineers arrive.",
]
_VIDEO_BOX = ["Watch", "Lighthouse keepers of the north", "Autoplay", "Bakery of the year", "Sponsored by Acme"]


def test_a_box_inside_a_story_set_one_paragraph_a_block_does_not_end_it(tmp_path: Path) -> None:
    """A dense block in the story's second half with the story going on under it is a box set inside the
    story (a video player, an ad): it leaves the body, and the paragraphs under it stay."""
    body_text = [*_LANE_PARAGRAPHS[:4], "\n".join(_VIDEO_BOX), *_LANE_PARAGRAPHS[4:]]
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join(body_text)
    _, body = _import(tmp_path, "story.txt", text)
    assert _LANE_PARAGRAPHS[-1] in body
    assert not any(label in body for label in _VIDEO_BOX)


def test_a_footer_set_right_under_the_last_paragraph_leaves_it_in_the_story(tmp_path: Path) -> None:
    """No blank line between the last paragraph and the footer: the paragraph uses the story's words."""
    footer = ["Provided by the City Council", "Citation: lanes (2025, December 4)", "Share", "Feedback"]
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join(_LANE_PARAGRAPHS[:-1])
    _, body = _import(tmp_path, "story.txt", text + "\n" + _LANE_PARAGRAPHS[-1] + "\n" + "\n".join(footer))
    assert _LANE_PARAGRAPHS[-1] in body
    assert "Provided by" not in body and "Citation" not in body


def test_a_date_under_the_story_past_a_box_inside_it_is_not_its_date(tmp_path: Path) -> None:
    """Past a box set inside the story, a date line (the footer's) is further from the headline block than
    the story's length says: the date the page shows over its menu, far above the headline, is nearer."""
    menu = "\n".join(f"Section {n}" for n in range(45))
    story = [*(_LANE_PARAGRAPHS * 4), "\n".join(_VIDEO_BOX), *(_LANE_PARAGRAPHS[4:] * 9)]
    text = _story("").replace("Home\nNews\nSport", f"December 4, 2025\n{menu}")
    footer = "Page last reviewed\nNovember 1, 2025"
    meta, _ = _import(tmp_path, "story.txt", text + "\n\n" + "\n\n".join(story) + "\n\n" + footer)
    assert meta["date"].isoformat() == "2025-12-04"


@pytest.mark.parametrize("header", ["More Great City Paper Stories", "Popular on City Paper", "Trending in Sport"])
def test_a_list_header_naming_the_site_or_a_topic_ends_the_story(tmp_path: Path, header: str) -> None:
    """ "More … Stories" and "Popular on …" head lists of other stories, whatever the site's name."""
    teasers = [
        "Mayor opens the new bridge to traffic after two years of repairs to its old stone arches.",
        "Market traders welcome longer hours on Sundays as the council agrees to a six-month trial.",
    ]
    text = _story("December 4, 2025") + f"\n\n{header}\n\n" + "\n\n".join(teasers)
    _, body = _import(tmp_path, "story.txt", text)
    assert body.endswith("most welcomed the plan.")


def test_a_newsletter_box_between_dek_and_date_is_not_the_story(tmp_path: Path) -> None:
    box = "Get breaking alerts and special reports. The things that matter, delivered weekday mornings."
    text = _story("December 4, 2025").replace(
        "By Jane Doe\nDecember 4, 2025\n",
        "Three new lanes will run along the river and through the old town by summer.\n"
        f"Breaking Emails\n{box}\nSUBSCRIBE\nDecember 4, 2025\nBy Jane Doe\n",
    )
    meta, body = _import(tmp_path, "story.txt", text)
    assert meta["date"].isoformat() == "2025-12-04"
    assert box not in body
    assert body.startswith("The city council approved")


def test_a_short_story_with_its_date_under_it_keeps_its_paragraphs(tmp_path: Path) -> None:
    """A blog post of three paragraphs with "Posted on …" closing it: its paragraphs share few words with
    each other, yet the date under them has no story below it, so they are no box over the date."""
    paragraphs = [
        "The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day"
        " and left several members hoarse.",
        "Work on the first lane, along the river, is due to start in the spring and finish before the summer,"
        " the mayor told reporters outside the town hall.",
        "Shop owners on the route said they were worried about deliveries, but most welcomed the plan and said"
        " it would bring more customers to the centre.",
    ]
    text = "\n".join(["Featured", "Cycle lanes: council says yes", "\n\n".join(paragraphs)])
    text += "\nPosted on November 19, 2019\nLeave a comment\n"
    meta, body = _import(tmp_path, "post.txt", text)
    assert meta["title"] == "Cycle lanes: council says yes"
    assert meta["date"].isoformat() == "2019-11-19"
    assert body.startswith("The city council approved") and "Shop owners on the route" in body


def test_a_promotion_over_the_lead_leaves_the_body(tmp_path: Path) -> None:
    """None of its words comes back in the story, where a lead's always do."""
    promo = "Chat with us in Messenger. Find out what's happening in the world as it unfolds."
    text = _story("December 4, 2025", last="The council will review the lanes after a year.")
    text = text.replace("\nThe city council approved", f"\n{promo}\n\nThe city council approved")
    _, body = _import(tmp_path, "story.txt", text)
    assert promo not in body
    assert body.startswith("The city council approved")


def test_a_newsletter_box_inside_the_story_leaves_the_body(tmp_path: Path) -> None:
    """A label over a sentence, set as one block, none of whose words the story uses: a box. A
    subheading over its section's paragraph shares the story's subject and stays."""
    lanes = [
        f"Lane number {n} will run along the river and past the old market before it reaches the station."
        for n in range(1, 7)
    ]
    box = "Sign up for the Morning Briefing\nGet the day's top headlines in your inbox every weekday."
    section = "What the lanes mean for the market\nTraders at the market said the lanes would bring more people."
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join([*lanes[:3], box, section, *lanes[3:]])
    _, body = _import(tmp_path, "story.txt", text)
    assert "Morning Briefing" not in body and "inbox" not in body
    assert "What the lanes mean for the market" in body and lanes[-1] in body


def test_the_author_box_under_the_story_leaves_the_body(tmp_path: Path) -> None:
    """A box sets the author's name over the text about them; a story names people in sentences."""
    box = "About the Author\nJane Doe\n\n@janedoe\n\nJane Doe covers transport and the city council for the paper."
    _, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + "\n\n" + box)
    assert body.endswith("most welcomed the plan.")
    assert "covers transport" not in body and "@janedoe" not in body


@pytest.mark.parametrize(
    "sign_off",
    [
        "Reporting by Jane Doe; additional reporting by John Roe; Editing by Ann Poe",
        "(Reporting by Jane Doe, editing by John Roe)",
        "Jane Doe is a reporter for The City Paper.",
        "Jane Doe is a Staff Writer at The City Paper covering transport. She was a reporter at The County News.",
    ],
)
def test_the_credit_signing_off_the_story_leaves_the_body(tmp_path: Path, sign_off: str) -> None:
    """A wire's staff credit or the writer's one-line bio says who made the story, not what it says;
    what follows it (a promotion) is not the story either."""
    promo = "Get the best of the paper delivered to your inbox every morning, free of charge, with our newsletter."
    _, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + f"\n\n{sign_off}\n\n{promo}")
    assert body.endswith("most welcomed the plan.")


def test_a_reporter_named_early_in_the_story_stays(tmp_path: Path) -> None:
    """In the story's first half a sentence about a reporter is the story's own."""
    lead = "Jane Doe is a reporter for The City Paper who first wrote about the lanes."
    text = _story("December 4, 2025").replace("The city council approved", f"{lead}\n\nThe city council approved")
    _, body = _import(tmp_path, "story.txt", text)
    assert body.startswith(lead) and body.endswith("most welcomed the plan.")


def test_a_pitch_under_a_label_closing_the_story_leaves_the_body(tmp_path: Path) -> None:
    """A label over a paragraph or two that use none of the story's words is a box (a membership pitch)."""
    pitch = (
        "If you enjoyed this article, we have a proposition for you: join our members' club. Members get every"
        " issue, no paywalls and unique access to our writers and editors."
    )
    _, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + f"\n\nSomething to Consider\n\n{pitch}")
    assert body.endswith("most welcomed the plan.")


def test_a_subheading_over_the_storys_last_section_stays(tmp_path: Path) -> None:
    """A subheading naming the story's subject over new names and numbers is the story's last section."""
    section = "Council votes on the river lanes\n\nAda Moss 12 votes. Ben Hale 9 votes. Cy Lowe 3 votes."
    _, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + f"\n\n{section}")
    assert body.endswith("Cy Lowe 3 votes.")


def test_a_subscription_pitch_under_the_story_leaves_the_body(tmp_path: Path) -> None:
    """A line opening "Subscribe to …" is a pitch; a sentence on a sign-up has its subject first."""
    story = _story("December 4, 2025", last="Sign-ups for the lane's opening ride open on Monday.")
    text = story + "\n\nSubscribe to The City Paper on YouTube for more news from the council:"
    _, body = _import(tmp_path, "story.txt", text)
    assert body.endswith("Sign-ups for the lane's opening ride open on Monday.")


def test_a_story_of_profiles_keeps_each_persons_paragraph(tmp_path: Path) -> None:
    """Profiles set each person's name over their paragraph: a pattern that repeats is the story's own."""
    people = [
        ("Ada Moss", "Ada Moss runs a bakery on the river and says the lane will bring her more customers."),
        ("Ben Hale", "Ben Hale drives a delivery van and worries he will have nowhere to stop on the route."),
    ]
    profiles = "\n\n".join(f"{name}\n{text}" for name, text in people)
    _, body = _import(tmp_path, "story.txt", _story("December 4, 2025") + "\n\n" + profiles)
    assert all(text in body for _, text in people)


def test_a_newsletter_box_shown_again_in_the_story_is_still_a_box(tmp_path: Path) -> None:
    """The page repeats the box further down, reworded: its copy lends its words to the story's, and is
    no evidence that the box is the story's start."""
    box = "Get breaking alerts and special reports. The things that matter, delivered weekday mornings."
    again = "Let our alerts meet your inbox. The things that matter, delivered weekday mornings."
    text = _story("December 4, 2025", last=f"\n\n{again}\n\nThe mayor said the work would be done by June.")
    text = text.replace(
        "By Jane Doe\nDecember 4, 2025\n",
        "Three new lanes will run along the river and through the old town by summer.\n"
        f"Breaking Emails\n{box}\nSUBSCRIBE\nDecember 4, 2025\nBy Jane Doe\n",
    )
    meta, body = _import(tmp_path, "story.txt", text)
    assert meta["subtitle"] == "Three new lanes will run along the river and through the old town by summer."
    assert box not in body
    assert body.startswith("The city council approved")


def test_comments_under_a_long_story_leave_the_body(tmp_path: Path) -> None:
    paragraphs = [
        f"The council said lane number {n} would open along the river before the end of the spring, "
        "after the works on the bridge and the road were finished by the city's engineers."
        for n in range(1, 12)
    ]
    comments = [
        "Woyzeck",
        "Good to see the council finally doing something about the traffic.",
        "Nick A",
        "I will believe it when the paint is on the road.",
        "fmcshan",
        "Where will the buses go now that the lanes take the whole of the river road?",
    ]
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join(paragraphs + comments)
    _, body = _import(tmp_path, "story.txt", text)
    assert paragraphs[-1] in body
    assert not any(comment in body for comment in comments)


def test_comments_heavier_than_the_story_under_a_bracketed_count_are_not_the_story(tmp_path: Path) -> None:
    """ "[ 167 comments ]" closes the story above it, however much the comments under it weigh."""
    comments = [
        f"Reader {n}\nI have cycled to work along the river every day for twenty years, and every winter the "
        "road floods, the buses splash everyone waiting at the stops, and nobody from the council ever comes "
        "to look at the drains, so I doubt that painting a few lines on the road will change any of that at all."
        for n in range(1, 9)
    ]
    story = _story("December 4, 2025") + "\n\n" + "\n\n".join(_lanes(3))
    _, body = _import(tmp_path, "story.txt", story + "\n\n[ 167 comments ]\n\n" + "\n\n".join(comments))
    assert body.startswith("The city council approved") and body.endswith(_lanes(3)[-1])


def test_a_comment_count_by_the_byline_closes_nothing(tmp_path: Path) -> None:
    """A comment count set by the byline, with only the dek over it, is a link, not the comments' header."""
    dek = "Three new lanes will run along the river and through the old town by the summer, the council says."
    text = _story("December 4, 2025").replace("By Jane Doe\n", f"{dek}\nBy Jane Doe\n12 Comments\n")
    _, body = _import(tmp_path, "story.txt", text)
    assert body.startswith("The city council approved") and body.endswith("most welcomed the plan.")


def _lanes(count: int) -> list[str]:
    return [
        f"The council said lane number {n} would open along the river before the end of the spring, "
        "after the works on the bridge and the road were finished by the city's engineers."
        for n in range(1, count + 1)
    ]


def test_a_list_of_items_with_numbered_stamps_ends_the_story(tmp_path: Path) -> None:
    comments = [
        f"Reader {n}\n{n + 1} days ago at 07:5{n} am\n"
        "I think the lanes will make the river road far safer for children going to school every morning, "
        f"and the shops will see more people walking past.\nRating: {30 - n} Votes"
        for n in range(1, 8)
    ]
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join(_lanes(4)) + "\n\n" + "\n".join(comments)
    _, body = _import(tmp_path, "story.txt", text)
    assert _lanes(4)[-1] in body
    assert "Rating" not in body and "shops will see more people" not in body


def test_a_label_repeated_as_it_is_or_far_apart_stays_in_the_story(tmp_path: Path) -> None:
    # An interstitial repeats its text, not a number; a document's examples have more of it after them.
    paragraphs = _lanes(12)
    for at in (3, 6, 9):
        paragraphs.insert(at, "Advertisement")
    examples = [f"Example {n}: Content-Length: {n * 40}" for n in range(1, 4)]
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join(paragraphs[:4] + examples + paragraphs[4:])
    _, body = _import(tmp_path, "story.txt", text)
    assert _lanes(12)[-1] in body


def test_a_box_of_related_links_inside_the_story_does_not_cut_it(tmp_path: Path) -> None:
    lanes = _lanes(8)
    box = "Related news\nMayor opens the new bus station\nRiver festival returns in June"
    text = _story("December 4, 2025") + "\n\n" + "\n\n".join([*lanes[:2], box, *lanes[2:]])
    _, body = _import(tmp_path, "story.txt", text)
    assert body.startswith("The city council approved")
    assert lanes[0] in body and lanes[-1] in body
    assert "bus station" not in body


def _labelled(label: str, above: list[str], menu: list[str]) -> str:
    """A story whose headline has `label` right over it, `above` over that, and `menu` at the top of the page."""
    return "\n".join(
        [
            *menu,
            "",
            *above,
            label,
            "Council approves new cycle lanes for the city centre",
            "By Jane Doe",
            "December 4, 2025",
            "",
            "The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day.",
            "",
            "Work on the first lane, along the river, is due to start in the spring and finish before the summer.",
        ]
    )


def test_a_label_named_again_in_the_menu_and_opening_the_headline_block_is_the_section(tmp_path: Path) -> None:
    meta, _ = _import(tmp_path, "story.txt", _labelled("LOCAL", [], ["Home", "Local", "Sport"]))
    assert meta["section"] == "Local"


def test_a_badge_glued_under_a_menu_line_is_no_section(tmp_path: Path) -> None:
    """A label with a line of text right over it is the last item of a list, or a badge under the menu."""
    text = _labelled("BREAKING NEWS", ["Politics Business Sport Breaking News"], ["Home", "Breaking News"])
    meta, _ = _import(tmp_path, "story.txt", text)
    assert "section" not in meta
    assert "Breaking News" not in meta.get("tags", [])


def test_a_label_the_page_shows_once_is_no_section(tmp_path: Path) -> None:
    """A promotion or a breadcrumb run together ("SPORTSCYCLING") is shown once; a section is in the menu too."""
    meta, _ = _import(tmp_path, "story.txt", _labelled("SPORTSCYCLING", [], ["Home", "Sport", "Cycling"]))
    assert "section" not in meta
    assert meta.get("tags", []) == []


def test_a_table_of_contents_entry_is_not_the_headline(tmp_path: Path) -> None:
    """Documentation lists its section headings between its title and its text, and repeats them in the text:
    the entry nearest the text is no headline."""
    paragraph = "A developer who rewrites a shared change must tell the others, or their copies diverge (part {})."
    sections = [f"Step {n}: sharing a rewritten change with the team" for n in range(1, 9)]
    text = "\n".join(
        [
            "Sharing a rewritten history with other developers",
            "",
            "Contents",
            *sections,
            "",
            *[f"{paragraph.format(n)} This guide explains how the tool records it.\n" for n in range(12)],
            *[f"{heading}\n\n{paragraph.format(heading)} The tool records it.\n" for heading in sections],
        ]
    )
    meta, _ = _import(tmp_path, "guide.txt", text)
    assert meta["title"] == "Sharing a rewritten history with other developers"


def test_a_header_line_of_two_columns_is_not_the_headline(tmp_path: Path) -> None:
    """Plain-text documents open with a two-column header; a line with a column gap is two cells, no headline."""
    words = ["client", "server", "document", "domain", "provider", "storage", "folder", "token", "request", "answer"]
    paragraphs = [
        f"   The {words[n]} of this proposed standard is hosted on another domain, so that the provider\n"
        f"   need not keep the {words[-1 - n]}; its intended status in remoteDocuments: section {n}.\n"
        for n in range(8)
    ]
    text = "\n".join(
        [
            "INTERNET DRAFT                                      Jane Doe",
            "Document: draft-doe-remote-documents-04              Example Org",
            "                                                       J. Smith",
            "Intended Status: Proposed Standard                  (independent)",
            "Expires: 18 June 2026                               15 December 2025",
            "",
            "",
            "                            remoteDocuments",
            "",
            "Abstract",
            "",
            *paragraphs,
        ]
    )
    meta, _ = _import(tmp_path, "draft.txt", text)
    assert meta["title"] == "remoteDocuments"


def test_a_date_far_from_the_story_found_is_still_the_date(tmp_path: Path) -> None:
    """A story set as a long table leaves the story search a later run of text, far from the headline block:
    the date the page shows there is still its date, not the file's time."""
    rows = [f"{n}\tRider number {n}\t{500 - n}\t{n % 3}" for n in range(1, 61)]
    notes = [
        f"Riders who finished in the first {n} places this season keep their seeds for the spring series, the"
        " organisers said when they published the final table of the year."
        for n in range(3, 9)
    ]
    text = "\n".join(
        [
            "Final standings of the regional cycling league",
            "Friday, 22 October 2010 at 20:13",
            "",
            "The table below shows the final standings.",
            "",
            *rows,
            "",
            *[f"{note}\n" for note in notes],
        ]
    )
    meta, _ = _import(tmp_path, "standings.txt", text)
    assert meta["date"].isoformat() == "2010-10-22T20:13:00"
    assert "date_inferred" not in meta


@pytest.mark.parametrize("byline", ["", "By John Smith\n"])
def test_the_dates_of_a_list_of_other_stories_are_not_the_date(tmp_path: Path, byline: str) -> None:
    """A "Latest" list over the headline stamps each of its stories (under their bylines or not): the
    page's own date is the one printed under its story, further from the headline."""
    latest = f"LATEST\nStorm closes schools across the north\n{byline}November 17, 2019\n"
    latest += f"Minister resigns over expenses row\n{byline}November 16, 2019\n"
    lines = _story("").split("\n")
    text = "\n".join([*lines[:4], latest, *lines[4:]]) + "\n\nPublished: 19 November 2019\n"
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert meta["date"].isoformat() == "2019-11-19"


def test_the_published_date_under_the_story_beats_an_updated_one_over_it(tmp_path: Path) -> None:
    text = _story("Updated December 5, 2025") + "\n\nFirst published December 4, 2025\n"
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["date"].isoformat() == "2025-12-04"
    assert meta["updated"].isoformat() == "2025-12-05"


def test_a_published_date_beats_a_nearer_updated_one_outside_the_block(tmp_path: Path) -> None:
    text = _story("Share", last="\n\nUpdated December 5, 2025\n\nThe mayor said more lanes would follow.")
    meta, _ = _import(tmp_path, "story.txt", text + "\n\nFirst published December 4, 2025\n")
    assert meta["date"].isoformat() == "2025-12-04"


@pytest.mark.parametrize(
    ("other", "expected"), [("19/11/2025", "2025-12-04"), ("11/19/2025", "2025-04-12"), ("", "2025-04-12")]
)
def test_a_page_writing_its_dates_day_first_is_read_so(tmp_path: Path, other: str, expected: str) -> None:
    """04/12/2025 is read as the US writes it, unless the page shows a date only day first can read."""
    text = _story("04/12/2025") + (f"\n\nMore from the council\nBus fares to rise\n{other}\n" if other else "")
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["date"].isoformat() == expected


@pytest.mark.parametrize("step", [">", ">>", "»", "/", "→"])
def test_a_breadcrumb_naming_the_story_is_not_the_headline(tmp_path: Path, step: str) -> None:
    """A breadcrumb ends with the story's name, so it shares the story's words: its path steps, whatever
    marks them, tell it from the headline."""
    crumb = f"Home {step} News {step} City council approves cycle lanes for the city centre"
    lines = _story("December 4, 2025").split("\n")
    meta, _ = _import(tmp_path, "story.txt", "\n".join([*lines[:4], crumb, "", *lines[4:]]))
    assert meta["title"] == "Council approves new cycle lanes for the city centre"


def test_a_hover_card_copied_into_a_paragraph_is_left_out(tmp_path: Path) -> None:
    """A link's hover card comes with the copied text: the name glued to the card's heading, the person's
    other stories, the card's shouted link; the sentence goes on after it."""
    card = "Jane Q. RoeMayor opens the bridge | Council votes on budget Harbour plan delayed MORE"
    text = _story("December 4, 2025").replace(
        "but most welcomed the plan.", f"but Mayor Jane Roe{card} (Labour) welcomed the plan."
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert "but Mayor Jane Roe (Labour) welcomed the plan." in body
    assert "Council votes" not in body and "MORE" not in body


def test_a_name_glued_to_another_word_is_no_hover_card(tmp_path: Path) -> None:
    text = _story("December 4, 2025", last="Michael McDonald and the NFL agreed.")
    _, body = _import(tmp_path, "story.txt", text)
    assert "Michael McDonald and the NFL agreed." in body


def test_a_story_set_as_a_table_is_the_story(tmp_path: Path) -> None:
    """A standings page: a sentence over a table (cells apart by tabs, one row a line), then the site's
    promotions, which read as prose; the table is the story, not the promotions under it."""
    rows = [f"{n}\tTeam {chr(64 + n)}\t{40 - 2 * n}\t{12 - n}\t{n}" for n in range(1, 13)]
    promo = "Click the picture above and see every column our writer has published about racing, rallies and more."
    text = "\n".join(
        [
            "Home",
            "",
            "League standings after round twelve",
            "December 4, 2025",
            "",
            "The standings of the league after round twelve, with points, wins and losses of every team.",
            "",
            "Pos.\tTeam\tPoints\tWins\tLosses",
            *rows,
            "",
            "Tags",
            "",
            *[f"{promo} Part {n} of the series." for n in range(4)],
        ]
    )
    meta, body = _import(tmp_path, "standings.txt", text)
    assert meta["title"] == "League standings after round twelve"
    assert "Team L" in body and "The standings of the league" in body


def test_a_list_set_out_without_bullets_is_the_story(tmp_path: Path) -> None:
    """A calendar: one line an item, each with the same punctuation; it is the story's text, where a menu's
    links (no punctuation) are not."""
    cities = ("Leeds", "York", "Bath", "Hull", "Ely")
    rounds = [f"Round {n}: {n + 2} March – {city}" for n, city in enumerate(cities, 1)]
    text = "\n".join(
        [
            "Home",
            "News",
            "Sport",
            "",
            "Racing calendar for the 2025 season",
            "December 4, 2025",
            "",
            *rounds,
            "",
            "All dates may still change.",
        ]
    )
    meta, body = _import(tmp_path, "calendar.txt", text)
    assert meta["title"] == "Racing calendar for the 2025 season"
    assert all(line in body for line in rounds)
    assert "Sport" not in body


def test_a_full_stop_inside_closing_quotes_ends_a_sentence() -> None:
    """The story's first sentence ending in a quotation ("… the slogan “Meth, we're on it.”") is no headline."""
    from generator.ingest.headline import headline_shaped

    assert not headline_shaped("The governor defended the campaign with the slogan “Meth, we’re on it.”")
    assert headline_shaped("Governor doubles down on ‘Meth, we’re on it’ campaign")


def test_the_signature_under_an_embedded_post_stays_in_the_story(tmp_path: Path) -> None:
    """ "— Name (@handle) date" signs the post quoted over it: the story's text, not a stray date line."""
    text = _story("December 4, 2025").replace(
        "\n\nWork on the first lane",
        "\n\nThe new lanes are a disgrace and nobody asked for them, one resident wrote on the morning of the vote."
        "\n\n— Jane Roe (@janeroe) December 3, 2025\n\nWork on the first lane",
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert "— Jane Roe (@janeroe) December 3, 2025" in body


def test_a_dek_over_a_byline_with_a_handle_is_the_subtitle(tmp_path: Path) -> None:
    dek = "The council approved the lanes after a debate that lasted most of the day and half the night."
    headline = "Council approves new cycle lanes for the city centre\n"
    text = _story("December 4, 2025", byline="Jane Doe @janedoe").replace(headline, f"{headline}{dek}\n")
    meta, body = _import(tmp_path, "story.txt", text)
    assert meta["subtitle"] == dek and meta["byline"] == "Jane Doe"
    assert "half the night" not in body and "@janedoe" not in body


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("WASHINGTON, Dec 4 (Reuters) - The city council approved", "2025-12-04"),
        ("SAN JOSÉ, Costa Rica, Dec. 4 (AP) — The city council approved", "2025-12-04"),
        ("LONDON, 4 December 2025 — The city council approved", "2025-12-04"),
    ],
)
def test_a_wire_storys_dateline_dates_a_page_that_shows_no_other_date(tmp_path: Path, lead: str, expected: str) -> None:
    text = _story("Share", last="© 2025 The Daily Example").replace("The city council approved", lead, 1)
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["date"].isoformat() == expected and "date_inferred" not in meta


def test_a_sentence_opening_with_a_name_and_a_date_is_no_dateline(tmp_path: Path) -> None:
    text = _story("Share").replace("The city council approved", "Washington, Dec 4 - the city council approved", 1)
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["date_inferred"] is True


_CYCLE_STORY = [
    "The city council approved three new cycle lanes on Tuesday after a debate that lasted most of the day.",
    "",
    "Work on the first lane, along the river, is due to start in the spring and finish before the summer.",
    "",
    "Shop owners on the route said they were worried about deliveries, but most welcomed the cycle lanes.",
]


_RADWEGE = [
    "Der Stadtrat hat am Dienstag nach langer Debatte drei neue Radwege für die Innenstadt beschlossen.",
    "",
    "Die Arbeiten am ersten Radweg entlang des Flusses sollen im Frühjahr beginnen und vor dem Sommer enden.",
    "",
    "Die Geschäftsleute an der Strecke sorgen sich um ihre Lieferungen, begrüßen die Radwege aber meist.",
]


@pytest.mark.parametrize(
    ("block", "title", "story"),
    [
        # a story opening with a line that has a headline's shape ("… live here!")
        (
            ["Cycle lanes", "Updated Dec. 4, 2025 8:21 am ET"],
            "Cycle lanes",
            ["Follow the council's vote on the new cycle lanes for the city centre live here!", "", *_CYCLE_STORY],
        ),
        # a column's name over its byline, under the "More stories" list that runs into it without a gap, and
        # another story's headline standing alone above the list
        (
            [
                "Shop owners on the river route fear for their deliveries",
                "",
                "More stories",
                "Previous stories",
                "Cycle lanes approved",
                "By JANE DOE",
                "December 4, 2025 6:30 AM",
            ],
            "Cycle lanes approved",
            _CYCLE_STORY,
        ),
        (
            ["Radwege beschlossen", "Von Jana Schmidt", "04.12.2025, 10:25 Uhr"],
            "Radwege beschlossen",
            ["Die Abstimmung über die neuen Radwege für die Innenstadt im Liveticker", "", *_RADWEGE],
        ),
    ],
)
def test_a_headline_of_two_or_three_words_over_its_date_is_the_headline(
    tmp_path: Path, block: list[str], title: str, story: list[str]
) -> None:
    """Too short for a headline's shape, it is still the headline when the story uses its words and its date
    or byline stands right under it; a headline-shaped line elsewhere (the story's first line under that
    date, another story's headline) is not."""
    text = "\n".join(["Home", "News", "Sport", "", *block, "", *story])
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == title
    assert meta["date"].isoformat()[:10] == "2025-12-04"


def test_a_section_label_over_the_date_line_is_not_a_short_headline(tmp_path: Path) -> None:
    """A wire page sets the section and the date over the headline: the label may share the story's words
    ("Cycle lanes"), but the headline-shaped line under the date is the headline."""
    text = "\n".join(
        [
            "Home",
            "News",
            "",
            "Cycle lanes",
            "DECEMBER 4, 2025 / 10:25 AM / UPDATED 2 HOURS AGO",
            "Council approves new cycle lanes for the city centre",
            "Jane Doe",
            "3 Min Read",
            "",
            *_CYCLE_STORY,
        ]
    )
    meta, _ = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert meta["date"].isoformat()[:10] == "2025-12-04"


@pytest.mark.parametrize("header", ["Related", "RELATED", "Related:", "Related links"])
def test_the_dates_of_related_stories_under_the_story_do_not_date_a_page_that_shows_none(
    tmp_path: Path, header: str
) -> None:
    """A list of related stories under the story, each with its day, dates those stories: a page showing
    no date of its own gets none rather than another story's."""
    related = (
        f"{header}\nBus fares to rise in the new year, 2 December 2025\nMayor opens the harbour bridge, 1 December 2025"
    )
    meta, body = _import(tmp_path, "story.txt", _story("") + "\n\n" + related + "\n")
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert "Bus fares" not in body
    assert meta.get("date_inferred") or "date" not in meta


def test_a_headline_shown_twice_is_not_a_uniform_list() -> None:
    # The headline's repeat right under it starts with the same two words as the headline, like the items of a
    # list of videos; the repeat is evidence for the headline, the items against themselves.
    lines = read_lines(
        "\n".join(
            [
                "Watch video: a cat rides the bus across town",
                "Watch video: a dog learns to surf the waves",
                "",
                "How to Build a Terrarium",
                "How to Build a Terrarium",
                "By Lucy Akins",
                "",
                "Glass cloche terrariums are not only appealing to the eye, they also keep nature in your home.",
                "",
                "To build a terrarium, pick a glass cloche and a saucer, then lay moss and small plants on it.",
            ]
        )
    )
    start, end = story_run(lines)
    listed = {lines[i].text: bool(features["list_prefix"]) for i, features in headline_candidates(lines, start, end)}
    assert listed["How to Build a Terrarium"] is False
    assert listed["Watch video: a cat rides the bus across town"] is True


def test_the_story_is_read_on_across_a_widget_set_inside_it(tmp_path: Path) -> None:
    # A video player's labels and a box of links under its own header, between the story's second and third
    # paragraphs: the story search finds the part above it, and the rest must not be lost.
    text = "\n".join(
        [
            "Home",
            "",
            "Council approves new cycle lanes for the city centre",
            "By Jane Doe",
            "December 4, 2025",
            "",
            "The city council approved three new cycle lanes for the centre on Tuesday after a long debate in"
            " which shop owners, cyclists and the bus company each spoke for an hour or more.",
            "",
            "Work on the first cycle lane, along the river, is due to start in the spring and finish by summer,"
            " and the other two lanes will follow next year once the council has found the money for them.",
            "",
            "How-to",
            "Good Deals",
            "More from our video desk",
            "Science",
            "Space",
            "",
            "Shop owners on the route of the new cycle lanes said they were worried about deliveries to the"
            " centre, but most of them welcomed the plan of the council after the debate on Tuesday.",
            "",
            "The council said the cycle lanes would be checked after a year, and that deliveries to shops in the"
            " centre would be allowed in the early morning along the whole route of the lanes.",
            "",
            "Cyclists who spoke at the debate said the lanes along the river were the ones they had asked the"
            " council for since the first plan for the centre was shown to the city three years ago.",
        ]
    )
    meta, body = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert body.startswith("The city council approved")
    assert body.endswith("three years ago.")
    assert "Good Deals" not in body and "More from our video desk" not in body


def test_a_box_of_links_early_in_the_story_leaves_the_body_and_the_story_goes_on(tmp_path: Path) -> None:
    # A page that sets its paragraphs apart, with a dense block of topic links after the second paragraph:
    # the story goes on under it with its own words, so the block is a box inside the story, not its end.
    paragraphs = [
        "The city council approved three new cycle lanes for the centre on Tuesday after a long debate.",
        "Work on the first cycle lane, along the river, is due to start in the spring and finish by summer.",
        "Shop owners in the centre said the new cycle lanes along the river would slow deliveries after spring.",
        "The council said the debate on the cycle lanes had shown that deliveries in the centre could go on.",
        "Cyclists at the council debate said the lanes along the river were the first they had asked for.",
        "The second and third cycle lanes in the centre will follow after the first lane along the river.",
        "The council will look at the new cycle lanes again after a year, with the cyclists and the shop owners.",
    ]
    links = ["Cryptocurrencies", "Deutsche Bank", "Hedge Funds", "Careers", "Send Tips", "Advertising"]
    text = "\n".join(
        ["Home", "", "Council approves new cycle lanes for the city centre", "By Jane Doe", "December 4, 2025", ""]
        + [paragraphs[0], "", paragraphs[1], "", *links, ""]
        + [line for paragraph in paragraphs[2:] for line in (paragraph, "")]
    )
    _, body = _import(tmp_path, "story.txt", text)
    assert body.split("\n\n") == paragraphs


def test_a_notice_over_the_headline_block_does_not_make_it_a_box(tmp_path: Path) -> None:
    # The story search may begin at a notice set over the headline (a disclaimer, a cookie notice): the
    # headline block under it is then a dense block with the story going on under it, like a box. A box
    # has the story on both sides; the notice shares no words with the story, so the block is the head.
    paragraphs = [
        "The city council approved three new cycle lanes for the centre on Tuesday after a long debate.",
        "Shop owners in the centre said the new cycle lanes along the river would slow their deliveries.",
        "The council said the debate on the cycle lanes had shown that deliveries in the centre could go on.",
        "Cyclists at the council debate said the lanes along the river were the first they had asked for.",
        "The second and third cycle lanes in the centre will follow after the first lane along the river.",
    ]
    text = "\n".join(
        [
            "Quotes delayed at least 15 minutes. Real-time quotes provided by a market data vendor, and market"
            " data provided by another one; legal statement and terms of use apply to all of them worldwide.",
            "",
            "This material may not be published, broadcast, rewritten, or redistributed without permission of"
            " the network; all rights reserved. Terms of use, privacy policy and closed captioning policy apply.",
            "",
            "Local",
            "Council approves new cycle lanes for the city centre",
            "Published December 4, 2025",
            "Jane Doe, City Reporter",
            "",
        ]
        + [line for paragraph in paragraphs for line in (paragraph, "")]
    )
    lines = read_lines(text)
    story_run(lines)
    assert {line.text: line.kind for line in lines}["Council approves new cycle lanes for the city centre"] != "listed"
    meta, body = _import(tmp_path, "story.txt", text)
    assert meta["title"] == "Council approves new cycle lanes for the city centre"
    assert meta["date"].isoformat() == "2025-12-04"
    assert body.split("\n\n") == paragraphs


def test_a_headline_shown_again_alone_far_down_the_story_is_no_contents_entry() -> None:
    # News pages show the headline again over a gallery or by the share buttons, far into the story; a table
    # of contents lists several headings that come back, the headline comes back alone.
    paragraphs = [
        f"Car dealers said new car sales fell again in October, the tenth month in a row (part {n})." for n in range(8)
    ]
    lines = read_lines(
        "\n".join(
            [
                "New car sales plunge 10 percent in October",
                "By Jane Doe",
                "",
                *[line for paragraph in paragraphs[:6] for line in (paragraph, "")],
                "New car sales plunge 10 percent in October",
                "Photos: the unsold cars",
                "",
                *[line for paragraph in paragraphs[6:] for line in (paragraph, "")],
            ]
        )
    )
    start, end = story_run(lines)
    features = dict(headline_candidates(lines, start, end))
    assert not features[0]["story_heading"]


@pytest.mark.parametrize(
    "closing",
    [
        "This article was originally published on 4 December 2025 by The Example Review, a nonprofit newsroom.",
        "First published 4 December 2025 in the print edition, under the headline “Lanes for the centre”.",
    ],
)
def test_a_sentence_saying_when_the_page_was_published_dates_a_page_with_no_date_line(
    tmp_path: Path, closing: str
) -> None:
    """No date line, no dateline: the page's own word on when it was published beats the file's time."""
    meta, _ = _import(tmp_path, "story.txt", _story("") + "\n\n" + closing + "\n")
    assert meta["date"].isoformat()[:10] == "2025-12-04"
    assert "date_inferred" not in meta


def test_a_sentence_about_another_documents_publication_does_not_date_the_page(tmp_path: Path) -> None:
    """"The report, published on …" is the report's day, not the page's: the page stays undated."""
    closing = "The report, published on 12 November 2025, found that separate lanes cut injuries by a third."
    meta, _ = _import(tmp_path, "story.txt", _story("") + "\n\n" + closing + "\n")
    assert meta.get("date_inferred") is True


def test_the_marked_dates_of_a_list_of_other_stories_do_not_date_a_page_that_shows_none(tmp_path: Path) -> None:
    """"Published …" under each of a list's headlines stamps that story: the page stays undated."""
    teasers = (
        "Mayor opens the harbour bridge to traffic\nPublished December 1, 2025\n"
        "Bus fares to rise in the new year, says operator\nPublished December 2, 2025\n"
    )
    meta, _ = _import(tmp_path, "story.txt", _story("") + "\n\nMore news\n\n" + teasers)
    assert meta.get("date_inferred") is True
