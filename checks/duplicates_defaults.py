"""Defaults of `sendkg duplicates`, kept apart from the scoring so the command line can
show them in its help without importing NumPy, SciPy and scikit-learn."""

DEFAULT_MIN_SCORE = 0.45  # chosen on the dev half of the labelled set: scripts/calibrate_duplicates.py
