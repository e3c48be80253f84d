"""Quantities of a claim: numbers, units, what they count, shares, changes."""
