"""nlp-extract: people, institutions, dates and attributed quotes from Arabic news.

    >>> from nlp_extract import extract_text
    >>> records = extract_text("قال الرئيس الأمريكي جو بايدن إن ...", published="2024-07-12")
"""
__version__ = "0.1.0"

__all__ = ["__version__", "extract_text", "Extractor", "Settings", "Record", "Document"]


def __getattr__(name):
    # Lazy, so that `import nlp_extract` (and the CLI's start-up) stays cheap.
    if name in ("extract_text", "Extractor", "Settings"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("Record", "Document", "Span", "Token"):
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
