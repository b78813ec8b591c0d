"""Language data: one module per language (en.py, de.py), each list named for its phenomenon;
evidence/lexicon.py joins them for the rules. Adding a language is adding one module here (and
its spaCy pipeline in evidence/nlp.py)."""
