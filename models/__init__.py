"""The data nlp-extract runs on: gazetteers and lexicons (YAML a user can read
and extend) and the built morphology database. This file makes the folder the
package ``nlp_extract.models`` so the data travels with ``pip install .``."""
