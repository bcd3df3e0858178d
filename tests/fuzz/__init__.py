"""Fuzzing nlp-extract: ``python -m tests.fuzz.run`` (``make fuzz``).

``fragments`` holds the building blocks of generated articles (Arabic news
fragments, punctuation, invisible marks, odd code points) and the byte-driven
builder that both the fuzzer and the property tests use.
"""
