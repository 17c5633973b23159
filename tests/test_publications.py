"""Outlets named by credit line, domain or URL resolve to one Publication."""
from loaders.actors import load_dictionary
from loaders.publications import PublicationResolver, domain_of


def test_domain_of():
    assert domain_of("https://www.reuters.com/world/middle-east/x") == "reuters.com"
    assert domain_of("aljazeera.com") == "aljazeera.com"
    assert domain_of("Reuters") is None


def test_same_outlet_from_name_domain_and_url():
    r = PublicationResolver.from_dictionary(load_dictionary())
    by_name = r.resolve("Reuters")
    by_domain = r.resolve("reuters.com")
    by_url = r.resolve(None, "https://www.reuters.com/article/abc")
    assert by_name.id == by_domain.id == by_url.id
    assert by_url.domain == "reuters.com" and by_url.name == by_name.name


def test_unknown_outlet_keeps_its_name_or_domain():
    r = PublicationResolver.from_dictionary(load_dictionary())
    assert r.resolve("The Daily Ledger").name == "The Daily Ledger"
    assert r.resolve(None, "https://news.example.org/a").name == "news.example.org"
    assert r.resolve(None, None) is None
