"""Scores of the stages against hand-checked data in seeds/ (labels, references)."""
