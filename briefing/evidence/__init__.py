"""What the text itself shows, with no model: entities, event and disagreement candidates.

Takes the article text and its `grounding.Analysis` (sentences, quotes, cues); returns
candidates with exact spans that the brief stage offers the model by id and then checks.
Public names: `nlp.entities`, `events.event_candidates`, `disputes.dispute_candidates`.
"""
