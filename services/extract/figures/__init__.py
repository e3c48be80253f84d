"""Quantities: the figures half of extraction. ``conductor.quantities_in`` runs these passes on each claim
unit, in this order (examples invented), and returns ``Quantity`` events:

1. ``quantities.find_quantities`` (with ``numwords``, ``vague_amounts``, ``units``, ``nonquantities``): the
   numbers of the text with their unit and approximator ("about 1,200 km", "two-thirds", "dozens of", "$4.5
   million"); years, dates, ordinals, times and codes ("KN-23") are not quantities.
2. ``naming_numbers``: numbers that name rather than count are dropped ("Gate 7", "the 747 Jumbo"), the lone
   "one" kept only when it counts ("one count of fraud").
3. ``counted.counted_noun`` / ``counted.subject_of``: what a number counts, ``Quantity.subject`` ("300
   soldiers" -> soldiers; "half of the 12,000 troops" -> troops; "North Korean troops").
4. ``outcomes.event_of``: what happened to it, ``Quantity.event`` ("40 were killed" -> killed; "troops
   sent" -> deployed; "were not killed" -> none).
5. ``article_figures.ArticleFigures``: what earlier sentences said, for a bare subject ("the troops" ->
   "North Korean troops") and for the base of a share (the article's latest total of that class).
6. ``changes.direction``: the direction of a change, ``Quantity.change`` ("rose 8%", "0.7% lower").
7. ``shares.apply``: shares of a base and ranges ("half of the 12,000 troops" -> relative [0.5, 0.5], of
   12,000, absolute 6,000; "between 5,000 and 6,000" -> one reading with interval [5,000, 6,000]).
8. ``conversions.restated``: a figure in parentheses restating the one before takes its approximator and
   change ("nearly 10 km (6 miles)" -> the 6 miles are "nearly" too).
9. ``multiples.multiples``: changes written as a verb ("the garrison halved" -> 0.5 times).
10. ``shares.sums``: parts of one event family add a derived sum ("30 killed and 70 wounded" -> 100 killed
    or wounded).

The interval an approximator allows ("about" -> ±10 %) is ``claimstream.shared.hedges``. Who said the
figures is :mod:`claimstream.services.extract.attribution` (its own map).
"""
