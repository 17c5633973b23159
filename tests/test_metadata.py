"""Metadata read from plain text: headline, byline, dates (never today's date), credits, URLs and domains."""
from datetime import date, datetime, timezone

import pytest

from loaders.metadata import extract_metadata, iso_or_none, parse_date
from loaders.sample import sample_files

WIRE = """Rebels say drone strike hit convoy near Marib

MARIB, Yemen, March 3 (Reuters) - Houthi rebels said on Thursday that a drone struck a government convoy.
Officials in Sanaa gave no figures. The fighting, which began in 2021, has displaced thousands.
"""


def test_headline_is_the_first_line():
    m = extract_metadata("Ceasefire collapses in northern town\n\nShelling resumed on Monday, residents said.")
    assert m.title == "Ceasefire collapses in northern town"


def test_page_furniture_before_the_headline_is_skipped():
    m = extract_metadata("photo photo\n\nWorld\n\nTroops withdraw from the border area after talks\n\nBody text.")
    assert m.title == "Troops withdraw from the border area after talks"


def test_a_lead_paragraph_is_not_a_headline():
    lead = ("The army said on Sunday that its units had repelled an attack on three villages near the river, "
            "killing several fighters and capturing weapons, while the rebels said they had taken the area.")
    assert extract_metadata(lead + "\nMore text follows here.").title is None


def test_single_line_text_has_no_headline():
    assert extract_metadata("Just one line of text with words.").title is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PUBLISHED : Thursday, 08 February, 2018, 8:55pm", "2018-02-08"),
        ("Published: 18 October 2023", "2023-10-18"),
        ("11 June 2017", "2017-06-11"),
        ("Sunday 11 June 2017 14.05 BST", "2017-06-11"),
        ("March 3, 2022", "2022-03-03"),
        ("Updated 2021-05-14T09:30:00Z", "2021-05-14"),
    ],
)
def test_date_lines(line, expected):
    text = f"Strike on depot draws condemnation abroad\n{line}\nThe ministry condemned the strike."
    assert extract_metadata(text).date == expected


def test_wire_dateline_gives_date_and_credit():
    text = "Army says it shot down drones\n\nMOSCOW, June 20, 2017 (Reuters) - The army said it shot down drones."
    m = extract_metadata(text)
    assert m.date == "2017-06-20"
    assert m.publication == "Reuters"


def test_dateline_without_year_borrows_a_year_from_the_head():
    m = extract_metadata(WIRE)
    assert m.date == "2021-03-03"
    assert m.publication == "Reuters"


def test_dateline_without_any_year_stays_undated():
    text = "Talks stall in Geneva again\n\nGENEVA, June 20 (AFP) - Talks stalled again on Tuesday, envoys said."
    m = extract_metadata(text)
    assert m.date is None  # never filled with the current year
    assert m.publication == "AFP"


def test_a_date_deep_in_the_body_is_not_the_publication_date():
    text = ("Investigators publish report on airport attack\n\nThe report, which covers the attack of 12 March 2019 "
            "on the airport and the weeks that followed it in great detail, was released by the commission.")
    assert extract_metadata(text).date is None


def test_dash_separated_date_after_a_byline():
    text = "Warning over strikes\n\nBy Ann Writer – exampleview – 11 June 2017 – Russia has asked the US to halt."
    m = extract_metadata(text)
    assert m.byline == "Ann Writer"
    assert m.date == "2017-06-11"
    assert m.publication == "exampleview"


@pytest.mark.parametrize("value", ["yesterday", "3 days ago", "Monday", "June 20", "last month", "", None])
def test_parse_date_never_guesses_missing_parts(value):
    assert parse_date(value) is None


def test_bylines():
    assert extract_metadata("Headline for the byline test\nBy Jane Doe and Omar Said\nBody.").byline == (
        "Jane Doe and Omar Said")
    m = extract_metadata("Headline for the byline test\nBy John Smith, Reuters\nBody.")
    assert (m.byline, m.publication) == ("John Smith", "Reuters")
    m = extract_metadata("Headline for the byline test\nBy Jane Doe, defence correspondent\nBody.")
    assert (m.byline, m.publication) == ("Jane Doe", None)
    assert extract_metadata("By the way, nobody wrote this\nBody.").byline is None


@pytest.mark.parametrize(
    ("tail", "expected"),
    [("— AFP", "AFP"), ("(c) The Times of Israel", "The Times of Israel"), ("Credit: TASS", "TASS"),
     ("© Reuters 2017", "Reuters"), ("Source: example.org", "example.org")],
)
def test_credit_lines_at_the_end(tail, expected):
    text = f"Clashes reported on the frontier\n\nBoth sides reported clashes overnight.\n{tail}"
    assert extract_metadata(text).publication == expected


def test_sentences_ending_in_a_dash_clause_are_not_credits():
    text = "Clashes reported on the frontier\n\nBody.\nThe fighting continues - officials said"
    assert extract_metadata(text).publication is None


def test_url_line_gives_url_domain_and_publication():
    text = "Port reopens after attack\nhttps://www.example-news.com/world/port-reopens\nThe port reopened on Friday."
    m = extract_metadata(text)
    assert m.url == "https://www.example-news.com/world/port-reopens"
    assert m.domain == "example-news.com"
    assert m.publication == "example-news.com"


def test_a_url_inside_a_sentence_is_not_the_article_url():
    text = ("Group publishes satellite images\n\nThe images, published at https://example.org/images on Monday, "
            "show craters near the runway and burned vehicles, analysts said.")
    assert extract_metadata(text).url is None


def test_iso_or_none_for_record_values():
    assert iso_or_none("2018-02-08T20:55:00Z") == "2018-02-08"
    assert iso_or_none("8 Feb 2018") == "2018-02-08"
    assert iso_or_none(datetime(2020, 1, 2, 3, 4)) == "2020-01-02"
    assert iso_or_none(date(2020, 1, 2)) == "2020-01-02"
    assert iso_or_none(datetime(2020, 1, 2, tzinfo=timezone.utc).timestamp()) == "2020-01-02"
    assert iso_or_none("soon") is None
    assert iso_or_none(None) is None


def test_sample_corpus_has_the_metadata_the_demo_needs():
    files = sample_files()
    assert len(files) == 8
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert 180 <= len(text.split()) <= 350, f.name
        m = extract_metadata(text)
        assert m.title and m.date and m.publication, (f.name, m)


@pytest.mark.parametrize(
    "text",
    [
        "Wales stars need a rest - Ruddock\n\nThe coach said the players were tired.",
        "Awards list published\n\nThe winners were named.\nPre-school live action - Balamory",
        "Rates held again this month\nOne member of the Committee (MPC) - Paul Tucker - voted for a rise.\nMore.",
    ],
)
def test_quotes_list_items_and_bracketed_abbreviations_are_not_credits(text):
    assert extract_metadata(text).publication is None


def test_bracketed_credit_after_a_place_name():
    assert extract_metadata("Talks end without a deal\nWASHINGTON (AP) — The talks ended.\n").publication == "AP"
