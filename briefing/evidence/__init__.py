"""Evidence: what the article's text itself shows, with no model.

Stage 2; takes an `Article`'s text and returns `grounding.Analysis` (sentences, quotes, cues,
name candidates) and what is built on it: speakers and actors (`attribution`), dates and time
expressions (`dates`), entities from the NLP pipeline (`nlp`), next-event candidates (`events`),
disagreement candidates (`disputes`), and the prompt-injection guard (`guard`). Every span it
returns indexes into the text exactly; the brief stage offers these to the model by id.
"""

__all__ = ["attribution", "dates", "disputes", "events", "grounding", "guard", "nlp"]
