"""Defaults of `sendkg duplicates`, kept apart from the scoring so the command line can
show them in its help without importing NumPy, SciPy and scikit-learn."""

DEFAULT_MIN_SCORE = 0.5  # chosen on the dev halves only: scripts/calibrate_duplicates.py --fit
