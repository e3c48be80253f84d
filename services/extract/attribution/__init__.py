"""Who said what: the attribution half of extraction. :class:`~claimstream.services.extract.reader.ArticleReader`
runs these passes on each paragraph, in this order (examples invented):

1. ``quotes.quote_spans`` / ``quotes.claim_units``: the quotes of a paragraph and its claim units, sentences
   merged where a quote runs over several (“We will rebuild. It takes time,” Ruiz said. -> one unit) or a
   quote-only sentence goes on with a reported statement (Ruiz said the pier fell. “I was scared.” -> one unit).
2. ``cues.find_cues`` (rules in ``cue_forms``, words in ``lexicon``): how each unit attributes, a speech verb
   and its subject ("the mayor said"), "according to X" (``cue_forms.according_to``), "as per X", "…, X
   announced.", "…, adding that …", a name labelling a line ("Ada Ruiz: The ferry runs.",
   ``cue_forms.label_cue``) -> a ``Cue`` with the speaker's token and the reported content.
3. ``claim_text.has_content``: a cue that reports nothing is dropped ("researchers say it means" -> no cue).
3a. ``stances.with_stances`` (words in ``lexicon.STANCE_CUES``): a stance taken in words, for a sentence with no
   other cue or a speech verb that reported no clause ("the union accused the board of hiding the costs" ->
   speaker the union, cue "accused", text "accused the board of hiding the costs").
3b. ``noun_cues.find_noun_cues``, when no verb or stance cue is left: a noun carries the attribution
   ("Officials dismissed a claim by Mayor Ruiz that the pier was unsafe" -> Ruiz, cue "claim"; "Ruiz's estimate of 400 jobs", "in the
   engineer's view, …", "In a statement, the ferry company blamed …"); then ``questions.find_questions``: a
   question or request put by someone ("The mayor asked whether the ferry would run" -> the mayor, cue "asked");
   then ``evidence.find_evidence``: what a poll or records show, given as an object ("the poll showed Ruiz
   leading Lind" -> the poll, cue "showed"); then ``beliefs.find_beliefs``: "lawmakers who believe the pier is
   too short" -> the lawmakers, cue "believe"; "Ruiz views the ferry as a waste" -> Ruiz, cue "views"; "the
   dockers agree that the levy is fair" -> the dockers, cue "agree", text "that the levy is fair".
4. ``speakers.speaker_phrase``: the speaker phrase around the cue's subject, with title and kind ("Finance
   Minister Ada Lind" -> name "Ada Lind", title "Finance Minister", kind person).
5. ``names.SpeakerRegistry.resolve``: who that phrase is in this article ("Lind", "she", "the minister" ->
   "Ada Lind"); the reader asks it ``latest_person``, ``described_person``, ``person_canonical`` too.
6. The reader's quote fallback (``ArticleReader._quote_speaker``) for a quote no cue attributes:
   ``quotes.colon_speaker`` ("Lind was blunt: “…”"), ``quotes.continues_quote`` (the previous speaker goes
   on), ``quotes.opens_with_quote`` (a quote after a sentence about a person who spoke before).
7. ``claim_text.clauses`` / ``claim_text.own_spans``: one sentence, several speakers ("A said X, while B said
   Y" -> two claims, each with its own clause and quotes).
8. ``claim_text.content``: the text of each claim, the quote, the reported clause or the sentence without
   its reporting clause ("According to the agency, 40 homes burned" -> "40 homes burned").
9. ``cues.is_hedged``: the claim's doubt words ("may", "reportedly") -> ``ClaimExtracted.hedged``.
10. ``provenance.with_provenance`` (run by ``ClaimExtractor`` on an article's claims, after the reader): who
   passed each claim on: "X said, according to AFP" -> via [Agence France-Presse]; "the Gazette reports,
   citing officials" -> speaker the officials, via [the Gazette]; "told the BBC" in a BBC article ->
   ``first_hand``; an article-level "(Reuters) -" for the claims without a nearer one; ``copy_of`` of the article.

The figures of each claim come from :mod:`claimstream.services.extract.figures` (its own map).
"""
