"""Read sources and turn them into graph records (`graph.model.ArticleGraph`). NLP lives here."""
