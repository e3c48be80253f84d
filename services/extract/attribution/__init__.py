"""Who said what: cues, quotes, speakers and the text of each claim."""
